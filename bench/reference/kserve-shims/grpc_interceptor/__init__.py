import grpc
class AsyncServerInterceptor(grpc.aio.ServerInterceptor):
    async def intercept_service(self, continuation, handler_call_details):
        return await continuation(handler_call_details)
class AsyncExceptionToStatusInterceptor(AsyncServerInterceptor):
    pass
