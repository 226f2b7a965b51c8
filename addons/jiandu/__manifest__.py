{
    "name": "Enforcement Supervision (行政执法监督)",
    "summary": "Review enforcement case files, score them against a rubric and follow rectification",
    "version": "1.0.0",
    "category": "Legal",
    "license": "LGPL-3",
    "author": "fazhi",
    "depends": ["fuyi_case"],
    "data": [
        "security/jiandu_groups.xml",
    ],
    "application": True,
    "installable": True,
}
