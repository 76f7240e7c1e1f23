"""A tool-using agent loop against Interlock, as a client platform runs one: the openai SDK, the bot's declared
tools, and a small in-memory back office (examples/demo/northwind/backoffice.json) that executes the calls Interlock
lets through.

    .venv/bin/python examples/agent.py "Hi, I'm yusuf.rossi7301@example.com" "What is the status of #W4776164?"

Each customer message is one step of the conversation; after it, every call that comes back is executed and its
result sent back, until the bot answers in words (at most --max-calls rounds). Interlock decides each call: the
script prints what came back, the decision id, the route and any handoff (with a call waiting for approval).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import openai

BACKOFFICE = Path(__file__).resolve().parent / "demo" / "northwind" / "backoffice.json"


class BackOffice:
    """The shop's own systems: what the client executes once Interlock has allowed a call."""

    def __init__(self, path: Path) -> None:
        data = json.loads(path.read_text(encoding="utf-8"))
        self.customers, self.orders, self.products = data["customers"], data["orders"], data["products"]

    def _customer(self, found: dict | None) -> dict:
        if found is None:
            return {"error": "no customer matches"}
        return {k: v for k, v in found.items() if k != "email"}

    def run(self, name: str, args: dict) -> dict:
        if name == "find_customer_by_email":
            return self._customer(next((c for c in self.customers.values() if c["email"] == args["email"]), None))
        if name == "find_customer_by_name_zip":
            wanted = (f"{args['first_name']} {args['last_name']}".lower(), args["zip"])
            found = next((c for c in self.customers.values() if (c["name"].lower(), c["zip"]) == wanted), None)
            return self._customer(found)
        if name == "get_order_details":
            return self.orders.get(args["order_id"], {"error": "no such order"})
        if name == "get_product_details":
            return self.products.get(args["product_id"], {"error": "no such product"})
        if name == "cancel_pending_order":
            self.orders[args["order_id"]]["status"] = "cancelled"
            return {"order_id": args["order_id"], "status": "cancelled"}
        return {"status": "done", "tool": name, "arguments": args}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("messages", nargs="+", help="the customer's messages, in order")
    parser.add_argument("--url", default="http://127.0.0.1:8000/v1")
    parser.add_argument("--key", default="sk-northwind-demo-0001")
    parser.add_argument("--bot", default="northwind-support")
    parser.add_argument("--max-calls", type=int, default=4, help="rounds of tool calls per customer message")
    args = parser.parse_args()
    client = openai.OpenAI(base_url=args.url, api_key=args.key, max_retries=0)
    tools = client.models.retrieve(args.bot).model_extra["tools"]  # the tools the bot's bundle declares
    office, history = BackOffice(BACKOFFICE), []
    for text in args.messages:
        print(f"customer: {text}")
        history.append({"role": "user", "content": text})
        for _ in range(args.max_calls + 1):
            reply = client.chat.completions.create(model=args.bot, messages=history, tools=tools, max_tokens=160)
            extra, message = reply.model_extra, reply.choices[0].message
            print(f"  [{extra['decision_id']}] route={extra['route']} finish={reply.choices[0].finish_reason}")
            if message.content:
                print(f"  bot: {message.content}")
            if extra.get("handoff"):
                print(f"  handoff: {json.dumps(extra['handoff'], ensure_ascii=False)}")
            history.append(message.model_dump(exclude_none=True))
            if not message.tool_calls:
                break
            for call in message.tool_calls:
                result = office.run(call.function.name, json.loads(call.function.arguments))
                print(f"  call allowed: {call.function.name}({call.function.arguments}) -> {json.dumps(result)[:160]}")
                history.append({"role": "tool", "tool_call_id": call.id, "content": json.dumps(result)})


if __name__ == "__main__":
    main()
