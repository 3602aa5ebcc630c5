"""The HTTP layer: a read-only SPARQL 1.1 Protocol endpoint and a small JSON API, both thin wrappers
around the KnowledgeGraph facade. Errors are translated to HTTP once, in `error_response`."""

from __future__ import annotations

import contextlib
import logging
from dataclasses import asdict
from urllib.parse import parse_qs

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from .errors import (InputError, KGError, NotBuilt, QueryError, QueryTimeout, ResultTooLarge, StoreError,
                     UpdateRefused)
from .export import FORMATS, serialize
from .kg import KnowledgeGraph
from .sparql import RESULT_TYPES, render

log = logging.getLogger(__name__)
MAX_BODY = 100_000
GRAPH_TYPES = {"text/turtle": "turtle", "application/n-triples": "nt", "application/ld+json": "json-ld",
               "application/rdf+xml": "xml"}
SERVICE_DESCRIPTION = """@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .
<> a sd:Service ;
  sd:endpoint <> ;
  sd:supportedLanguage sd:SPARQL11Query ;
  sd:resultFormat <http://www.w3.org/ns/formats/SPARQL_Results_JSON>, <http://www.w3.org/ns/formats/SPARQL_Results_XML>,
    <http://www.w3.org/ns/formats/SPARQL_Results_CSV>, <http://www.w3.org/ns/formats/SPARQL_Results_TSV>,
    <http://www.w3.org/ns/formats/Turtle>, <http://www.w3.org/ns/formats/N-Triples>, <http://www.w3.org/ns/formats/JSON-LD> ;
  sd:defaultDataset [ a sd:Dataset ; sd:defaultGraph [ a sd:Graph ] ] .
"""


def error_response(exc: Exception) -> Response:
    """The one place where library errors become HTTP statuses."""
    status = 500
    if isinstance(exc, UpdateRefused):
        status = 403
    elif isinstance(exc, QueryTimeout):
        status = 408
    elif isinstance(exc, ResultTooLarge):
        status = 413
    elif isinstance(exc, (QueryError, InputError)):
        status = 400
    elif isinstance(exc, (NotBuilt, StoreError)):
        status = 503
    elif not isinstance(exc, KGError):
        log.exception("unexpected error")
        return JSONResponse({"error": "internal error"}, status_code=500)
    return JSONResponse({"error": str(exc)}, status_code=status)


def negotiate(accept: str, options: dict[str, str], default: str) -> tuple[str, str]:
    """The first media type of Accept that we offer (media type, our format name)."""
    for part in accept.split(","):
        media = part.split(";")[0].strip().lower()
        if media in options:
            return media, options[media]
    return default, options[default]


async def read_query(request: Request) -> str:
    if request.method == "GET":
        if "update" in request.query_params:
            raise UpdateRefused("SPARQL Update is not allowed: this endpoint is read-only")
        return request.query_params.get("query", "")
    body = await request.body()
    if len(body) > MAX_BODY:
        raise InputError(f"the request body is larger than {MAX_BODY} bytes")
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind == "application/sparql-update":
        raise UpdateRefused("SPARQL Update is not allowed: this endpoint is read-only")
    if kind == "application/sparql-query":
        return body.decode("utf-8", errors="replace")
    if kind == "application/x-www-form-urlencoded":
        form = parse_qs(body.decode("utf-8", errors="replace"))
        if "update" in form:
            raise UpdateRefused("SPARQL Update is not allowed: this endpoint is read-only")
        return (form.get("query") or [""])[0]
    raise InputError("POST a query as application/sparql-query or as a form field `query`")


def create_app(kg: KnowledgeGraph) -> Starlette:
    async def sparql(request: Request) -> Response:
        try:
            query = await read_query(request)
            if not query.strip():
                return Response(SERVICE_DESCRIPTION, media_type="text/turtle")
            result = await run_in_threadpool(lambda: kg.query(query, isolated=True))
            accept = request.headers.get("accept", "")
            if result.kind == "graph":
                media, fmt = negotiate(accept, GRAPH_TYPES, "text/turtle")
                return Response(serialize(result.graph, fmt), media_type=media)
            media, fmt = negotiate(accept, {v: k for k, v in RESULT_TYPES.items()}, "application/sparql-results+json")
            return Response(render(result, fmt), media_type=media)
        except Exception as exc:  # noqa: BLE001 - translated in one place
            return error_response(exc)

    async def ask(request: Request) -> Response:
        try:
            answer = await run_in_threadpool(kg.ask, request.query_params.get("q", ""))
            return JSONResponse(answer.to_json())
        except Exception as exc:  # noqa: BLE001
            return error_response(exc)

    async def search(request: Request) -> Response:
        try:
            k = request.query_params.get("k", "10")
            if not k.isdigit() or not 1 <= int(k) <= 100:
                raise InputError("k must be a whole number from 1 to 100")
            types = request.query_params.getlist("type") or None
            hits = await run_in_threadpool(kg.search, request.query_params.get("q", ""), int(k), types)
            return JSONResponse([asdict(h) for h in hits])
        except Exception as exc:  # noqa: BLE001
            return error_response(exc)

    async def entity(request: Request) -> Response:
        try:
            iri = request.query_params.get("iri", "")
            if not iri.startswith(("https://", "http://")) or len(iri) > 500:
                raise InputError("iri must be an absolute http(s) IRI")
            view = await run_in_threadpool(kg.entity, iri)
            if view is None:
                return JSONResponse({"error": f"no entity {iri}"}, status_code=404)
            return JSONResponse(asdict(view))
        except Exception as exc:  # noqa: BLE001
            return error_response(exc)

    async def export(request: Request) -> Response:
        try:
            fmt = request.query_params.get("format", "turtle")
            data = await run_in_threadpool(kg.export, fmt)
            return Response(data, media_type=FORMATS[fmt][1])
        except Exception as exc:  # noqa: BLE001
            return error_response(exc)

    async def openapi(request: Request) -> Response:
        return JSONResponse(OPENAPI)

    async def health(request: Request) -> Response:
        return PlainTextResponse("ok")

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette):
        yield
        kg.close()  # the query workers

    return Starlette(routes=[
        Route("/sparql", sparql, methods=["GET", "POST"]),
        Route("/api/ask", ask), Route("/api/search", search), Route("/api/entity", entity),
        Route("/api/export", export), Route("/openapi.json", openapi), Route("/health", health),
    ], lifespan=lifespan)


def _op(summary: str, params: list[tuple[str, str, bool]]) -> dict:
    return {"get": {"summary": summary, "parameters": [
        {"name": n, "in": "query", "required": r, "schema": {"type": t}} for n, t, r in params],
        "responses": {"200": {"description": "OK"}, "400": {"description": "Bad input"}}}}


OPENAPI = {
    "openapi": "3.0.3",
    "info": {"title": "mlops-kg", "version": "0.1.0",
             "description": "A read-only SPARQL endpoint and a JSON API over the MLOps knowledge graph."},
    "paths": {
        "/sparql": {**_op("SPARQL 1.1 query (GET or POST); SPARQL Update is refused with 403", [("query", "string", False)])},
        "/api/ask": _op("Answer a question in plain English", [("q", "string", True)]),
        "/api/search": _op("Hybrid semantic search over entities", [("q", "string", True), ("k", "integer", False), ("type", "string", False)]),
        "/api/entity": _op("Everything the graph says about one entity", [("iri", "string", True)]),
        "/api/export": _op("The whole graph as RDF (turtle, json-ld, nt, xml)", [("format", "string", False)]),
    },
}


def serve(kg: KnowledgeGraph, host: str, port: int) -> None:
    import uvicorn

    kg.engine  # load the model and index before the first request
    uvicorn.run(create_app(kg), host=host, port=port, log_level="warning")
