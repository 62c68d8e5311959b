class GenericException(Exception):
    pass
class MissingRequiredFields(GenericException):
    pass
class InvalidStructuredJSON(GenericException):
    pass
class DataUnmarshallerError(GenericException):
    pass
