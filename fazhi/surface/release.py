"""Version information a Flectra server reports; fazhi speaks the FN (Odoo 17 lineage) API."""
version_info = (3, 0, 0, "final", 0, "")
serie = series = major_version = "3.0"
version = "3.0"
product_name = "fazhi"
description = "fazhi (法治) case management on a Flectra-compatible server"
author = "fazhi"
url = ""
license = "LGPL-3"
