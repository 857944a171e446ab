"""Checks real responses of a running Parley server against openapi.yaml.

Usage: check_responses.py OPENAPI_YAML EXCHANGES_JSON

EXCHANGES_JSON is a list of {"method", "path" (the OpenAPI path template), "status", "body"} recorded by the
Swift contract test. Each body must validate against the schema the contract documents for that operation and
status, and may carry no property the contract does not document; every documented operation must appear.
The document itself must be valid OpenAPI.
Prints one line per failure and exits non-zero if there is any.
"""

import json
import sys

import yaml
from openapi_schema_validator import OAS31Validator
from openapi_spec_validator import validate as validate_spec


def resolve(spec, node):
    while isinstance(node, dict) and "$ref" in node:
        target = spec
        for part in node["$ref"].lstrip("#/").split("/"):
            target = target[part]
        node = target
    return node


def documented_properties(spec, schema):
    """Every property name a schema documents, through $ref and allOf."""
    schema = resolve(spec, schema)
    names = set(schema.get("properties", {}))
    for part in schema.get("allOf", []):
        names |= documented_properties(spec, part)
    return names


def undocumented(spec, schema, value, path="body"):
    """Paths of properties in value that the schema does not document."""
    schema = resolve(spec, schema)
    problems = []
    if isinstance(value, dict):
        known = documented_properties(spec, schema)
        for key, item in value.items():
            if key not in known:
                problems.append(f"{path}.{key}")
                continue
            child = None
            for candidate in [schema] + [resolve(spec, p) for p in schema.get("allOf", [])]:
                child = candidate.get("properties", {}).get(key, child)
            if child is not None:
                problems += undocumented(spec, child, item, f"{path}.{key}")
    elif isinstance(value, list) and "items" in schema:
        for index, item in enumerate(value):
            problems += undocumented(spec, schema["items"], item, f"{path}[{index}]")
    return problems


def main():
    spec = yaml.safe_load(open(sys.argv[1]))
    validate_spec(spec)
    exchanges = json.load(open(sys.argv[2]))
    failures = []
    for exchange in exchanges:
        name = f'{exchange["method"].upper()} {exchange["path"]} {exchange["status"]}'
        operation = spec["paths"][exchange["path"]][exchange["method"]]
        response = operation["responses"].get(str(exchange["status"]))
        if response is None:
            failures.append(f"{name}: status not documented")
            continue
        response = resolve(spec, response)
        content = response.get("content", {})
        media = content.get("application/json")
        if media is None:
            continue
        schema = {"components": spec["components"], **media["schema"]}
        validator = OAS31Validator(schema)
        for error in validator.iter_errors(exchange["body"]):
            failures.append(f"{name}: {error.json_path}: {error.message}")
        for extra in undocumented(spec, media["schema"], exchange["body"]):
            failures.append(f"{name}: {extra} is not documented")
    exercised = {(e["method"], e["path"]) for e in exchanges}
    for path, item in spec["paths"].items():
        for method in item:
            if method in ("get", "post", "put", "patch", "delete") and (method, path) not in exercised:
                failures.append(f"{method.upper()} {path}: documented but no response was checked")
    for failure in failures:
        print(failure)
    print(f"{len(exchanges)} responses checked, {len(failures)} problems")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
