class GrpcException(Exception):
    pass
