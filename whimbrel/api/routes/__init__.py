"""The API's routes, one module per collection (each an ``APIRouter`` named ``router``)."""
