{
    "name": "Library extension (external test addon)",
    "version": "1.0.0",
    "license": "LGPL-3",
    "depends": ["ext_library"],
    "data": [],
}
