"""Citations of the enforcement laws in Chinese: 'APL Art. 58 para 1 (2)' → 《行政处罚法》第五十八条第一款第二项."""
import re

from flectra.addons.fuyi_case.tools.citations import chinese_number

LAWS = {"APL": "《行政处罚法》", "ACL": "《行政强制法》", "3S-2018": "国办发〔2018〕118号"}
_CITATION = re.compile(r"(?P<law>APL|ACL) Arts?\. (?P<art>\d+)(?: para (?P<para>\d+))?(?: \((?P<item>\d+)\))?")


def cite_zh(basis):
    """Every APL/ACL citation of ``basis`` in Chinese; other text (3S-2018) by its document number."""
    def render(match):
        text = "%s第%s条" % (LAWS[match["law"]], chinese_number(match["art"]))
        if match["para"]:
            text += "第%s款" % chinese_number(match["para"])
        if match["item"]:
            text += "第%s项" % chinese_number(match["item"])
        return text
    text = _CITATION.sub(render, basis or "")
    return text.replace("3S-2018", LAWS["3S-2018"]).replace("; ", "；")
