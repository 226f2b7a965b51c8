"""Numbers as Chinese legal citations write them: 第三十条第一款, 第一百零五条."""

_DIGITS = "零一二三四五六七八九"


def chinese_number(n):
    """30 → 三十, 85 → 八十五, 105 → 一百零五, 203 → 二百零三 (1–999; larger numbers stay Arabic)."""
    n = int(n)
    if n < 10:
        return _DIGITS[n]
    if n < 20:
        return "十" + (_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return _DIGITS[n // 10] + "十" + (_DIGITS[n % 10] if n % 10 else "")
    if n < 1000:
        rest = n % 100
        tail = "" if not rest else ("零" + _DIGITS[rest] if rest < 10 else
                                    (_DIGITS[1] if rest < 20 else "") + chinese_number(rest))
        return _DIGITS[n // 100] + "百" + tail
    return str(n)
