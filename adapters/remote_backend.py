"""Generation on a remote OpenAI-compatible engine (e.g. vLLM serving the tenants' LoRA adapters as models).

The adapter key becomes the request's `model` (vLLM's `--lora-modules KEY=PATH`); turns without an adapter use
the base model's served name. Connection failures and 5xx answers are retried with backoff; anything else, or
running out of retries, is a GenerationError, which the pipeline turns into a safe, audited handoff.
"""

from __future__ import annotations

import time

import httpx

from interlock.adapters.generation import (
    ChatMessage,
    GenerationError,
    GenerationRequest,
    GenerationResult,
    GenerationTimeout,
    TextSink,
    ToolCall,
)


class RemoteBackend:
    def __init__(
        self,
        base_url: str,
        base_model_name: str,
        api_key: str | None = None,
        timeout_s: float = 30.0,
        retries: int = 2,
        backoff_s: float = 0.2,
    ) -> None:
        headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self._http = httpx.Client(base_url=base_url.rstrip("/"), headers=headers, timeout=timeout_s)
        self.timeout_s = timeout_s
        self.base_model_name = base_model_name
        self.retries = retries
        self.backoff_s = backoff_s

    @property
    def ready(self) -> bool:
        try:
            return self._http.get("/v1/models").status_code == 200
        except httpx.HTTPError:
            return False

    def close(self) -> None:
        self._http.close()

    def generate(self, request: GenerationRequest, on_text: TextSink | None = None) -> GenerationResult:
        """The engine's answer, whole (also passed to `on_text` as one piece). The HTTP timeout is the deadline."""
        result = self._complete(request)
        if on_text is not None:
            on_text(result.text)
        return result

    def _complete(self, request: GenerationRequest) -> GenerationResult:
        body = {
            "model": request.adapter_key or self.base_model_name,
            "messages": [_wire_message(m) for m in request.messages],
            "max_tokens": request.max_new_tokens,
            "temperature": request.temperature,
            "top_p": request.top_p,
            "seed": request.seed,
        }
        if request.tools:  # the engine proposes calls itself (vLLM: `--enable-auto-tool-choice`)
            body["tools"] = [
                {
                    "type": "function",
                    "function": {"name": t.name, "description": t.description, "parameters": t.parameters},
                }
                for t in request.tools
            ]
            body["tool_choice"] = (
                request.tool_choice
                if request.tool_choice in ("auto", "required")
                else {"type": "function", "function": {"name": request.tool_choice}}
            )
        # One deadline for the request, retries and back-off included: each attempt gets what is left of it.
        deadline, last_problem = time.monotonic() + self.timeout_s, ""
        for attempt in range(self.retries + 1):
            if attempt:
                time.sleep(self.backoff_s * 2 ** (attempt - 1))
            left = deadline - time.monotonic()
            if left <= 0:
                raise GenerationTimeout(f"remote engine: no answer within {self.timeout_s} s ({last_problem})")
            try:
                response = self._http.post("/v1/chat/completions", json=body, timeout=left)
            except httpx.TimeoutException as exc:
                raise GenerationTimeout(f"remote engine did not answer in time: {exc}") from exc
            except httpx.TransportError as exc:
                last_problem = f"cannot reach remote engine: {exc}"
                continue
            if response.status_code >= 500:
                last_problem = f"remote engine answered {response.status_code}"
                continue
            if response.status_code != 200:
                raise GenerationError(
                    f"remote engine refused the request: {response.status_code} {response.text[:200]}"
                )
            return _parse(response)
        raise GenerationError(f"{last_problem} (after {self.retries + 1} attempts)")


def _wire_message(message: ChatMessage) -> dict:
    wire: dict = {"role": message.role, "content": message.content}
    if message.tool_calls:
        wire["content"] = message.content or None
        wire["tool_calls"] = [{"id": c.id, "type": "function", "function": {"name": c.name, "arguments": c.arguments}}
                              for c in message.tool_calls]  # fmt: skip
    if message.tool_call_id is not None:
        wire["tool_call_id"] = message.tool_call_id
    return wire


def _parse(response: httpx.Response) -> GenerationResult:
    try:
        data = response.json()
        choice = data["choices"][0]
        message = choice["message"]
        text = message.get("content") or ""
        calls = tuple(
            ToolCall(str(c.get("id", "")), c["function"]["name"], c["function"].get("arguments") or "{}")
            for c in message.get("tool_calls") or ()
        )
        usage = data.get("usage") or {}
        if not isinstance(text, str) or not all(isinstance(c.name, str) and isinstance(c.arguments, str)
                                                for c in calls):  # fmt: skip
            raise TypeError("content or tool calls are not text")
    except (ValueError, KeyError, IndexError, TypeError, AttributeError) as exc:
        raise GenerationError(f"remote engine answered something that is not a chat completion: {exc}") from exc
    return GenerationResult(
        text=text.strip(),
        prompt_tokens=int(usage.get("prompt_tokens", 0)),
        completion_tokens=int(usage.get("completion_tokens", 0)),
        finish_reason="length" if choice.get("finish_reason") == "length" else "stop",
        tool_calls=calls,
    )
