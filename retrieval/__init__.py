import logging

# faiss logs (at import) each optional CPU-specific module it does not find; that is not news to an operator.
logging.getLogger("faiss.loader").setLevel(logging.WARNING)
