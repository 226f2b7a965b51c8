{
    "name": "Library (external test addon)",
    "version": "1.0.0",
    "license": "LGPL-3",
    "depends": ["base"],
    "data": [
        "security/ext_library_groups.xml",
        "security/ir.model.access.csv",
        "security/ext_library_security.xml",
        "data/ext_library_data.xml",
    ],
}
