{
    "name": "Web",
    "version": "1.0.0",
    "summary": "Web client framework (views, assets)",
    "category": "Hidden",
    "license": "LGPL-3",
    "author": "fazhi",
    "depends": ["base"],
    "data": [],
    "installable": True,
}
