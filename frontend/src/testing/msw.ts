/** HTTP stubs for tests, typed from the schema: a handler for a path or a body the API does
 * not have fails to compile. Every test starts with no handlers; an unstubbed call fails it. */
import { setupServer } from "msw/node";
import { createOpenApiHttp } from "openapi-msw";

import type { paths } from "@/api/schema";

export const http = createOpenApiHttp<paths>();

export const server = setupServer();
