"""`hooklane`: the command line of a Hooklane instance. `hooklane --help` lists the commands;
README.md in this folder lists the exit codes."""

import argparse
import getpass
import json
import sys
import uuid

from . import __version__, config, errors, sse
from .api import Api, check, client_for
from .errors import CliError, NotFound, Unreachable
from .listen import Listener, stream_params
from .output import Printer, provider_label


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


def resolve_provider(api: Api, name: str | None) -> str | None:
    """A provider id from an id, a provider type (stripe) or a display name."""
    if not name:
        return None
    if _is_uuid(name):
        return name
    providers = api.get("/api/v1/providers/", page_size=200).get("results", [])
    wanted = name.lower()
    found = [
        p
        for p in providers
        if wanted
        in (str(p.get("provider_name", "")).lower(), str(p.get("display_name", "")).lower())
    ]
    if not found:
        raise NotFound(f"No provider named {name!r}; `hooklane providers` lists them.")
    if len(found) > 1:
        ids = ", ".join(f"{p['id']} ({p['display_name']})" for p in found)
        raise CliError(f"{name!r} names several providers: {ids}. Give its id.")
    return found[0]["id"]


# --- commands ------------------------------------------------------------------------------
def cmd_login(args, printer: Printer) -> int:
    url = args.url.rstrip("/")
    key = args.key or getpass.getpass("API key (hlk_...): ").strip()
    if not key:
        raise errors.BadKey("No API key given.")
    http = client_for(url, key)
    try:
        response = http.get("/api/v1/auth/me/")
    except Exception as error:  # noqa: BLE001 - every transport failure reads the same
        raise Unreachable(f"Cannot reach Hooklane at {url}: {error}") from None
    check(response, url)
    me = response.json()
    stream_url = config.stream_endpoint(url, args.stream_url or _discover_stream_url(http) or url)
    path = config.save(config.Config(url=url, api_key=key, stream_url=stream_url))
    organization = (me.get("organization") or {}).get("name", "")
    printer.info(f"Logged in to {url} as {me.get('email')} ({organization}); saved in {path}")
    return errors.OK


def _discover_stream_url(http) -> str | None:
    """The stream's public URL when the instance serves it elsewhere (STREAM_PUBLIC_URL)."""
    try:
        response = http.get("/api/v1/stream/")
        if response.is_success:
            return response.json().get("stream_url") or None
    except Exception:  # noqa: BLE001,S110 - an instance without discovery: the API's own URL
        pass
    return None


def cmd_listen(args, printer: Printer) -> int:
    api = Api(config.load())
    Listener(
        api,
        printer,
        port=args.port,
        path=args.path,
        host=args.host,
        provider_id=resolve_provider(api, args.provider),
        event_type=args.event_type,
        timeout=args.timeout,
    ).run()
    return errors.OK


def cmd_tail(args, printer: Printer) -> int:
    api = Api(config.load())
    params = stream_params(resolve_provider(api, args.provider), args.event_type, args.status)
    stream = sse.Stream(
        api.http,
        api.config.stream_url,
        params,
        on_state=lambda state, detail: printer.info(
            "Tailing (Ctrl-C to stop)" if state == "connected" else f"Stream {state} {detail}"
        ),
    )
    for event in stream.events():
        if event.event == "reset":
            printer.info("The stream lost entries older than it keeps; `hooklane logs` has them.")
        if event.event not in ("log", "attempt"):
            continue
        data = json.loads(event.data)
        if printer.json_lines:
            printer.data({"event": event.event, "id": event.id, **data})
        elif event.event == "log":
            printer.line(
                received_at=data.get("received_at", ""),
                provider=provider_label(data),
                event_type=data.get("event_type", ""),
                tail=f"{data.get('status', ''):<10}",
                log_id=data.get("id", ""),
            )
        else:
            code = data.get("status_code")
            printer.line(
                received_at=data.get("at", ""),
                provider="attempt",
                event_type=data.get("destination_name") or "",
                tail=f"→ {printer.status(code, data.get('outcome', ''))}  "
                f"{data.get('duration_ms', 0):>5} ms",
                log_id=data.get("log_id", ""),
            )
    return errors.OK


def cmd_logs(args, printer: Printer) -> int:
    api = Api(config.load())
    page = api.get(
        "/api/v1/logs/",
        provider=resolve_provider(api, args.provider),
        event_type=args.event_type,
        status=args.status,
        page_size=args.limit,
    )
    for log in page.get("results", []):
        if printer.json_lines:
            printer.data(log)
        else:
            printer.line(
                received_at=log.get("received_at", ""),
                provider=provider_label(log),
                event_type=log.get("event_type", ""),
                tail=f"{log.get('status', ''):<10}",
                log_id=log["id"],
            )
    return errors.OK


def cmd_show(args, printer: Printer) -> int:
    api = Api(config.load())
    log = api.get(f"/api/v1/logs/{_log_id(args.id)}/")
    if printer.json_lines:
        printer.data(log)
    else:
        print(json.dumps(log, indent=2, ensure_ascii=False))
    return errors.OK


def cmd_raw(args, printer: Printer) -> int:
    body = Api(config.load()).raw(_log_id(args.id))
    sys.stdout.buffer.write(body)
    sys.stdout.buffer.flush()
    return errors.OK


def cmd_replay(args, printer: Printer) -> int:
    api = Api(config.load())
    body = {"destination_id": args.destination} if args.destination else {}
    result = api.post(f"/api/v1/logs/{_log_id(args.id)}/replay/", body)
    if printer.json_lines:
        printer.data(result)
    else:
        printer.info(f"Replay of {args.id} queued.")
    return errors.OK


def cmd_providers(args, printer: Printer) -> int:
    api = Api(config.load())
    for provider in api.get("/api/v1/providers/", page_size=200).get("results", []):
        if printer.json_lines:
            printer.data(provider)
        else:
            state = "active" if provider.get("is_active", True) else "paused"
            print(
                f"{provider['id']}  {provider.get('provider_name', ''):<18}  "
                f"{provider.get('display_name', ''):<30}  {state}"
            )
    return errors.OK


def _log_id(value: str) -> str:
    if not _is_uuid(value):
        raise NotFound(f"{value!r} is not a log id (a UUID).")
    return value


# --- arguments ---------------------------------------------------------------------------
def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="hooklane", description="Hooklane from the command line.")
    root.add_argument("--version", action="version", version=f"hooklane {__version__}")
    commands = root.add_subparsers(dest="command", required=True)

    def command(name, handler, help_text):
        sub = commands.add_parser(name, help=help_text, description=help_text)
        sub.add_argument("--json", action="store_true", help="one JSON object per line")
        sub.set_defaults(handler=handler)
        return sub

    def filters(sub, status=True):
        sub.add_argument("--provider", help="provider id, type (stripe) or display name")
        sub.add_argument("--event-type", help="exact type or a * pattern, e.g. 'invoice.*'")
        if status:
            sub.add_argument("--status", help="statuses, comma-separated (received,failed,...)")

    login = command("login", cmd_login, "Store the URL and an API key (verified first).")
    login.add_argument("--url", required=True, help="Hooklane's URL, e.g. http://127.0.0.1:8000")
    login.add_argument("--key", help="the API key (asked for when left out)")
    login.add_argument("--stream-url", help="the stream's URL when not the same as --url")

    listen = command("listen", cmd_listen, "Relay matching webhooks to a local port.")
    listen.add_argument("port", type=int)
    listen.add_argument("--path", default="/", help="local path, e.g. /webhooks")
    listen.add_argument("--host", default="localhost", help="local host (default localhost)")
    listen.add_argument("--timeout", type=float, default=30.0, help="seconds to wait locally")
    filters(listen, status=False)

    tail = command("tail", cmd_tail, "Stream webhooks live as Hooklane accepts them.")
    filters(tail)
    logs = command("logs", cmd_logs, "Recent webhooks, newest first.")
    filters(logs)
    logs.add_argument("--limit", type=int, default=50, help="at most this many (1-200)")
    show = command("show", cmd_show, "One webhook: headers, payload, status.")
    show.add_argument("id")
    raw = command("raw", cmd_raw, "One webhook's body, byte for byte, on stdout.")
    raw.add_argument("id")
    replay = command("replay", cmd_replay, "Deliver a webhook to its destinations again.")
    replay.add_argument("id")
    replay.add_argument("--destination", help="only to this destination id")
    command("providers", cmd_providers, "The organization's providers.")
    return root


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    printer = Printer(json_lines=args.json)
    try:
        return args.handler(args, printer)
    except CliError as error:
        printer.error(str(error))
        return error.exit_code
    except KeyboardInterrupt:
        return errors.INTERRUPTED
    except BrokenPipeError:  # `hooklane tail | head`
        return errors.OK


if __name__ == "__main__":
    sys.exit(main())
