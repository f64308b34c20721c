"""A token-protected Branchwise server driven from Python the way the README tells Optuna users to: Optuna's
GrpcStorageProxy opens `grpc.insecure_channel(f"{host}:{port}", options=...)` in its constructor and has no
option for credentials, so `token_storage_proxy` below (the README's snippet) swaps in a channel whose
interceptor adds the `authorization` metadata. `StorageProxyLikeOptunas` stands in for GrpcStorageProxy, which
Debian's Optuna (3.1) lacks. Run by TokenOverGrpcTest; exits non-zero on the first mismatch.

usage: token_client.py PORT STUB_DIR TOKEN
"""
import sys

sys.path.insert(0, sys.argv[2])
import grpc  # noqa: E402
import api_pb2 as pb  # noqa: E402
import api_pb2_grpc as pb_grpc  # noqa: E402

PORT = int(sys.argv[1])
TOKEN = sys.argv[3]


class StorageProxyLikeOptunas:
    """What GrpcStorageProxy.__init__ does with the channel (Optuna 4.2 to 4.9)."""

    def __init__(self, *, host="localhost", port=13000):
        self._stub = pb_grpc.StorageServiceStub(
            grpc.insecure_channel(f"{host}:{port}", options=[("grpc.max_receive_message_length", -1)]))


# ---- the README's snippet ----------------------------------------------------------------------------------
class _BearerToken(grpc.UnaryUnaryClientInterceptor):
    def __init__(self, token):
        self._metadata = (("authorization", "Bearer " + token),)

    def intercept_unary_unary(self, continuation, details, request):
        metadata = tuple(details.metadata or ()) + self._metadata
        details = details._replace(metadata=metadata) if hasattr(details, "_replace") else _Details(details, metadata)
        return continuation(details, request)


class _Details(grpc.ClientCallDetails):
    def __init__(self, base, metadata):
        self.method, self.timeout, self.credentials = base.method, base.timeout, base.credentials
        self.wait_for_ready, self.compression = getattr(base, "wait_for_ready", None), getattr(base, "compression", None)
        self.metadata = metadata


def token_storage_proxy(proxy_class, host, port, token):
    """proxy_class(host=..., port=...) whose channel sends the token with every call."""
    plain = grpc.insecure_channel

    def with_token(target, options=None, compression=None):
        return grpc.intercept_channel(plain(target, options, compression), _BearerToken(token))

    grpc.insecure_channel = with_token
    try:
        return proxy_class(host=host, port=port)
    finally:
        grpc.insecure_channel = plain
# ---- end of snippet ------------------------------------------------------------------------------------------


def create_study(proxy, name):
    request = pb.CreateNewStudyRequest(study_name=name, directions=[pb.MINIMIZE])
    return proxy._stub.CreateNewStudy(request, timeout=30).study_id


try:
    create_study(StorageProxyLikeOptunas(host="127.0.0.1", port=PORT), "no-token")
    raise AssertionError("a call without the token succeeded")
except grpc.RpcError as e:
    assert e.code() == grpc.StatusCode.UNAUTHENTICATED, "without the token: %s %s" % (e.code(), e.details())
    assert TOKEN not in (e.details() or ""), "the refusal echoes the token"

try:
    create_study(token_storage_proxy(StorageProxyLikeOptunas, "127.0.0.1", PORT, TOKEN + "x"), "wrong-token")
    raise AssertionError("a call with a wrong token succeeded")
except grpc.RpcError as e:
    assert e.code() == grpc.StatusCode.UNAUTHENTICATED, "with a wrong token: %s" % e.code()

proxy = token_storage_proxy(StorageProxyLikeOptunas, "127.0.0.1", PORT, TOKEN)
study_id = create_study(proxy, "with-token")
assert study_id >= 0
print("token ok: study %d" % study_id)
