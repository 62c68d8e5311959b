"""The Open Inference Protocol as KServe's lgbserver serves a numeric LightGBM model: decode the V2 request to a
numpy array, Booster.predict, answer the probabilities as one FP64 tensor. REST on FastAPI + uvicorn and gRPC on
grpcio's asyncio server, in one process and one event loop, as KServe's model server runs them.

KServe itself is not on the local wheel mirror (nor are cloudevents, kubernetes, grpc-interceptor and timing-asgi,
which it imports), so this is the equivalent server, written from lgbserver's request path, for
bench/oip-compare.sh. The gRPC messages come from Verdict's own src/main/proto, compiled by the protoc the Maven
build uses (--python_out), so both servers speak the same wire format.

    MODEL_DIR=models/penguins/1 GRPC_PORT=18091 PYTHONPATH=target/bench/py \
        uvicorn oip:app --app-dir bench/reference --port 18090
"""
import os

import grpc
import grpc_predict_v2_pb2 as pb
import lightgbm as lgb
import numpy as np
from fastapi import FastAPI, Request

booster = lgb.Booster(model_file=os.path.join(os.environ.get("MODEL_DIR", "models/penguins/1"), "model.txt"))
app = FastAPI()


def predict(x):
    return np.asarray(booster.predict(x), dtype=np.float64)


@app.post("/v2/models/{name}/infer")
async def infer(name: str, request: Request):
    body = await request.json()
    tensor = body["inputs"][0]
    x = np.asarray(tensor["data"], dtype=np.float64).reshape(tensor["shape"])
    p = predict(x)
    return {"model_name": name, "id": body.get("id", ""),
            "outputs": [{"name": "output-0", "datatype": "FP64", "shape": list(p.shape), "data": p.ravel().tolist()}]}


async def model_infer(req, context):
    tensor = req.inputs[0]
    if req.raw_input_contents:
        x = np.frombuffer(req.raw_input_contents[0], dtype="<f8")
    else:
        x = np.asarray(tensor.contents.fp64_contents, dtype=np.float64)
    p = predict(x.reshape(tuple(tensor.shape)))
    out = pb.ModelInferResponse(model_name=req.model_name, id=req.id)
    t = out.outputs.add(name="output-0", datatype="FP64", shape=list(p.shape))
    t.contents.fp64_contents.extend(p.ravel().tolist())
    return out


@app.on_event("startup")
async def start_grpc():
    server = grpc.aio.server()
    server.add_generic_rpc_handlers((grpc.method_handlers_generic_handler("inference.GRPCInferenceService", {
        "ModelInfer": grpc.unary_unary_rpc_method_handler(model_infer,
                                                          request_deserializer=pb.ModelInferRequest.FromString,
                                                          response_serializer=pb.ModelInferResponse.SerializeToString),
    }),))
    server.add_insecure_port("127.0.0.1:" + os.environ.get("GRPC_PORT", "18091"))
    await server.start()
    app.state.grpc = server
