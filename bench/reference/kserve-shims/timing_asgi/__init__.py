class TimingClient:
    def timing(self, metric_name, timing, tags):
        pass
class TimingMiddleware:
    def __init__(self, app, client=None, metric_namer=None, **kw):
        self.app = app
    async def __call__(self, scope, receive, send):
        await self.app(scope, receive, send)
