/// Types and server stubs generated at build time from `openapi.yaml` by the OpenAPI generator plugin.
