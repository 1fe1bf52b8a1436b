"""Generates src/root/write/streamer_table.rs from the TStreamerInfo records that real ROOT
writes for a TTree with scalar and split std::vector branches and for a TH2F.

Usage: python3 tests/py/gen_write_streamers.py > src/root/write/streamer_table.rs && cargo fmt

ROOT writes a reference file (uncompressed); this script parses the raw bytes of its
"StreamerInfo" record (not ROOT's in-memory view, which differs in places such as fSize of
base-class elements) and emits them as a Rust table. The table is data about ROOT's classes
(member names, types, checksums, versions) exactly as ROOT records them in files; scwin's
writer serializes it back so that ROOT and uproot find the descriptions they would write.
"""
import array
import json
import os
import struct
import tempfile

import ROOT

ROOT.gErrorIgnoreLevel = ROOT.kError


def make_reference(path):
    f = ROOT.TFile(path, "RECREATE", "", 0)
    d = f.mkdir("dir")
    d.cd()
    t = ROOT.TTree("t", "t")
    bufs = {}
    for letter, code in (("L", "q"), ("I", "i"), ("F", "f"), ("D", "d")):
        bufs[letter] = array.array(code, [0])
        t.Branch("s" + letter, bufs[letter], "s%s/%s" % (letter, letter))
    vecs = []
    for ty in ("int", "float", "double"):
        v = ROOT.std.vector(ty)()
        vv = ROOT.std.vector(ROOT.std.vector(ty))()
        vecs += [v, vv]
        t.Branch("v" + ty, v)
        t.Branch("vv" + ty, vv)
    t.Fill()
    f.cd()
    h = ROOT.TH2F("h", "h", 2, 0.0, 1.0, 2, 0.0, 1.0)
    h.Write()
    f.Write()
    f.Close()


class Cursor:
    def __init__(self, data, pos, origin):
        self.d = data
        self.p = pos
        self.origin = origin  # file offset of the key start (reference offsets count from it)
        self.classes = {}

    def take(self, fmt):
        v = struct.unpack_from(">" + fmt, self.d, self.p)
        self.p += struct.calcsize(">" + fmt)
        return v if len(v) > 1 else v[0]

    def tstring(self):
        n = self.take("B")
        if n == 255:
            n = self.take("I")
        s = self.d[self.p:self.p + n].decode()
        self.p += n
        return s

    def version(self):
        bc = self.take("I")
        assert bc & 0x40000000, hex(bc)
        return self.take("h")

    def tobject(self):
        v = self.take("h")
        assert v == 1
        uid, bits = self.take("II")
        return bits

    def tnamed(self):
        self.version()
        bits = self.tobject()
        return bits, self.tstring(), self.tstring()

    def object_class(self):
        """Start of WriteObjectAny: returns the class name (None for a null pointer)."""
        bc = self.take("I")
        if bc == 0:
            return None
        tagpos = self.p - self.origin + 2
        tag = self.take("I")
        if tag == 0xFFFFFFFF:
            end = self.d.index(b"\0", self.p)
            name = self.d[self.p:end].decode()
            self.p = end + 1
            self.classes[tagpos] = name
            return name
        assert tag & 0x80000000, hex(tag)
        return self.classes[tag & ~0x80000000]


def lit(s):
    return json.dumps(s, ensure_ascii=False)


def parse(path):
    d = open(path, "rb").read()
    assert d[:4] == b"root"
    seek_info = struct.unpack_from(">i", d, 8 + 4 + 4 + 4 + 4 + 4 + 4 + 1 + 4)[0]
    keylen = struct.unpack_from(">h", d, seek_info + 14)[0]
    c = Cursor(d, seek_info + keylen, seek_info)
    c.version()  # TList
    c.tobject()
    c.tstring()
    n = c.take("i")
    classes, rules = [], {}
    for _ in range(n):
        cls = c.object_class()
        if cls == "TList":  # listOfRules
            c.version()
            c.tobject()
            assert c.tstring() == "listOfRules"
            for _ in range(c.take("i")):
                assert c.object_class() == "TObjString"
                c.version()
                c.tobject()
                s = c.tstring()
                src = s.split('sourceClass="')[1].split('"')[0]
                rules.setdefault(src, []).append(s)
                c.tstring()  # option
            c.tstring()
            continue
        assert cls == "TStreamerInfo", cls
        c.version()
        bits, name, title = c.tnamed()
        checksum, cversion = c.take("Ii")
        assert c.object_class() == "TObjArray"
        c.version()
        c.tobject()
        c.tstring()
        ne, _low = c.take("ii")
        elems = []
        for _ in range(ne):
            ecls = c.object_class()
            ever = c.version()
            c.version()  # TStreamerElement
            ebits, ename, etitle = c.tnamed()
            ty, size, alen, adim = c.take("iiii")
            maxi = c.take("iiiii")
            tname = c.tstring()
            extra = {}
            if ecls == "TStreamerBase":
                extra["base_version"] = c.take("i")
            elif ecls in ("TStreamerBasicPointer", "TStreamerLoop"):
                extra["count_version"] = c.take("i")
                extra["count_name"] = c.tstring()
                extra["count_class"] = c.tstring()
            elif ecls == "TStreamerSTL":
                extra["stl_type"], extra["ctype"] = c.take("ii")
            elems.append(dict(cls=ecls, ver=ever, bits=ebits, name=ename, title=etitle, ty=ty,
                              size=size, alen=alen, adim=adim, maxi=maxi, tname=tname, **extra))
        classes.append(dict(name=name, title=title, bits=bits, checksum=checksum,
                            version=cversion, elems=elems))
        c.tstring()  # option
    return classes, rules


KINDS = {
    "TStreamerBasicType": "BasicType",
    "TStreamerString": "String",
    "TStreamerObject": "Object",
    "TStreamerObjectAny": "ObjectAny",
    "TStreamerObjectPointer": "ObjectPointer",
}
VERSIONS = {"TStreamerBase": 3, "TStreamerSTL": 3}


def main():
    tmp = tempfile.mkdtemp()
    path = os.path.join(tmp, "ref.root")
    make_reference(path)
    classes, rules = parse(path)
    out = []
    w = out.append
    w("//! GENERATED by `tests/py/gen_write_streamers.py` from the StreamerInfo record ROOT %s"
      % ROOT.gROOT.GetVersion())
    w("//! writes for a TTree (scalar and split std::vector branches) and a TH2F. Do not edit.")
    w("")
    w("use super::streamers::{ClassDesc, ElemDesc, ElemKind};")
    w("")
    w("/// Every class the writer may describe, in the order ROOT lists them.")
    w("pub(crate) static CLASSES: &[ClassDesc] = &[")
    for k in classes:
        assert k["bits"] == 0x10000 and k["title"] == "", k
        w("    ClassDesc {")
        w("        name: %s," % lit(k["name"]))
        w("        version: %d," % k["version"])
        w("        checksum: %d," % k["checksum"])
        w("        rules: &[%s]," % ", ".join(lit(r) for r in rules.get(k["name"], [])))
        w("        elements: &[")
        for e in k["elems"]:
            assert e["bits"] == 0 and e["ver"] == VERSIONS.get(e["cls"], 2), e
            cn = e["cls"]
            if cn == "TStreamerBase":
                kind = "ElemKind::Base { base_version: %d }" % e["base_version"]
            elif cn == "TStreamerBasicPointer":
                kind = "ElemKind::BasicPointer { count_version: %d, count_name: %s, count_class: %s }" % (
                    e["count_version"], lit(e["count_name"]), lit(e["count_class"]))
            elif cn == "TStreamerSTL":
                kind = "ElemKind::Stl { stl_type: %d, ctype: %d }" % (e["stl_type"], e["ctype"])
            else:
                kind = "ElemKind::" + KINDS[cn]
            w("            ElemDesc {")
            w("                kind: %s," % kind)
            w("                name: %s," % lit(e["name"]))
            w("                title: %s," % lit(e["title"]))
            w("                ty: %d," % e["ty"])
            w("                size: %d," % e["size"])
            w("                array_length: %d," % e["alen"])
            w("                array_dim: %d," % e["adim"])
            w("                max_index: [%s]," % ", ".join(str(x) for x in e["maxi"]))
            w("                type_name: %s," % lit(e["tname"]))
            w("            },")
        w("        ],")
        w("    },")
    w("];")
    print("\n".join(out))


if __name__ == "__main__":
    main()
