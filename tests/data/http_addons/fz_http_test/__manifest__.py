{
    "name": "fazhi http test",
    "version": "1.0.0",
    "summary": "Controllers of tests/http/test_controllers.py (never installed in the shared test database)",
    "depends": ["base", "web"],
    "data": [],
    "license": "LGPL-3",
    "installable": True,
}
