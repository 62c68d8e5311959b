def to_binary(event, data_marshaller=None):
    raise NotImplementedError
def to_structured(event, data_marshaller=None):
    raise NotImplementedError
