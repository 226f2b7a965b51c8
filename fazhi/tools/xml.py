"""Small lxml helpers shared by view inheritance and view post-processing."""


def remove_keep_tail(node):
    """Detach ``node`` from its parent, keeping the text that followed it."""
    parent = node.getparent()
    if node.tail:
        prev = node.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or '') + node.tail
        else:
            parent.text = (parent.text or '') + node.tail
    node.tail = None
    parent.remove(node)
