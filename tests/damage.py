"""Make damaged text the way scrapers damage it, for tests."""
from __future__ import annotations


def gbk_one_byte_off(line: str, indent: str = "\u3000") -> str:
    """``line`` as a scraper shows it when it decodes the GBK bytes of ``indent + line``
    starting one byte late: the skipped byte shows as '?', pairs that are not GBK vanish, a
    pair whose second byte is ASCII below 0x40 shows as '?' and swallows that byte, and an
    ASCII byte where a pair should start puts the decoder back in step."""
    data = (indent + line).encode("gbk")
    out, i = ["?"], 1
    while i < len(data):
        byte = data[i]
        if byte < 0x80:
            out.append(chr(byte))
            i += 1
        elif i + 1 == len(data):
            out.append("?")
            i += 1
        elif data[i + 1] < 0x40:
            out.append("?")
            i += 2
        else:
            try:
                out.append(data[i:i + 2].decode("gbk"))
            except UnicodeDecodeError:
                pass
            i += 2
    return "".join(out)
