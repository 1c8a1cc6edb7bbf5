"""SVG images by allow-list: only static drawing, in the SVG namespace, referring only to itself.

The site serves a firm's SVG (logo, favicon, team photo, video poster, an image in docs/) from
its own address. Opened directly, an SVG is a document: a script in it runs with the site's
rights, and so does anything a browser gives behaviour to (an XHTML <script> or <img onerror>
from another namespace, an `<?xml-stylesheet?>` that loads an XSLT which writes script, an
<animate onbegin>). A block-list of a few names missed those, so this module lets through only
what it knows to be inert and refuses the rest with its place:

- The file is parsed by defusedxml, with DOCTYPEs refused: a DOCTYPE is how entities (a
  "billion laughs" file) and external files get in, and a plain SVG needs none. Processing
  instructions are refused (the XML declaration `<?xml version="1.0"?>` is not one).
- Elements: the root is <svg> in the SVG namespace, and every element is one of `ELEMENTS`,
  in that namespace. Elements of any other namespace are refused, editors' own included
  (Inkscape's `sodipodi:namedview`, RDF metadata): a browser gives no behaviour to those, but
  telling inert namespaces from live ones is the block-list again; "Save as Plain SVG" or
  "Optimized SVG" (Inkscape) or an SVG optimiser (svgo) removes them.
- Attributes: those of `ATTRIBUTES` (geometry, presentation, accessibility), `data-*`, and
  in other namespaces only `xlink:href`, `xml:space` and `xml:lang`. No `on*`, whatever its
  case. `href` may only point inside the file (`#id`), or on <image> embed a PNG, JPEG, GIF
  or WebP picture as a data: URL (not an SVG one: a nested SVG would escape this check).
- CSS, in <style> and in every attribute value (`style`, `fill="url(...)"`): <style> is
  allowed, because illustration programs write their colours as classes in one. Only the
  at-rules of `AT_RULES` and the functions of `FUNCTIONS` may appear, `url()` only as
  `url(#id)`, and no backslash (a CSS escape can spell any name). `@import`, `image-set()`
  or `url(https://...)` would load another file when the image is opened.
- Any value that holds `javascript:`, with spaces and case ignored, is refused as well.
"""

from __future__ import annotations

import re
from pathlib import Path
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

from handbook.i18n.cli import _

SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
XML = "http://www.w3.org/XML/1998/namespace"


def _words(*lines: str) -> frozenset[str]:
    """Return the set of words in `lines`: the lists below read as the specifications list them."""
    return frozenset(" ".join(lines).split())


ELEMENTS = _words(
    "svg g defs symbol use title desc metadata style image "
    "path rect circle ellipse line polyline polygon text tspan textPath "
    "linearGradient radialGradient stop pattern clipPath mask marker filter "
    "feBlend feColorMatrix feComponentTransfer feComposite feConvolveMatrix feDiffuseLighting "
    "feDisplacementMap feDistantLight feDropShadow feFlood feFuncA feFuncB feFuncG feFuncR "
    "feGaussianBlur feMerge feMergeNode feMorphology feOffset fePointLight "
    "feSpecularLighting feSpotLight feTile feTurbulence"
)
"""Static drawing. Not: script, foreignObject, a, animate, set, animateMotion, animateTransform,
discard, mpath, feImage (it fetches by href), iframe, view, switch, cursor, font."""

ATTRIBUTES = _words(
    # core, structure and accessibility
    "id class style lang tabindex version baseProfile viewBox preserveAspectRatio "
    "width height x y role aria-label aria-labelledby aria-describedby aria-hidden focusable "
    "href type media "
    # geometry
    "x1 y1 x2 y2 cx cy r rx ry fx fy fr d points pathLength transform "
    "dx dy rotate textLength lengthAdjust startOffset method spacing side "
    # paint servers, clips, masks, markers
    "offset gradientTransform gradientUnits spreadMethod patternTransform patternUnits "
    "patternContentUnits clipPathUnits maskUnits maskContentUnits markerWidth markerHeight "
    "markerUnits refX refY orient "
    # filters
    "filterUnits primitiveUnits in in2 result stdDeviation mode values operator k1 k2 k3 k4 "
    "order kernelMatrix divisor bias targetX targetY edgeMode preserveAlpha kernelUnitLength "
    "surfaceScale diffuseConstant specularConstant specularExponent scale xChannelSelector "
    "yChannelSelector radius baseFrequency numOctaves seed stitchTiles tableValues slope "
    "intercept amplitude exponent azimuth elevation z pointsAtX pointsAtY pointsAtZ "
    "limitingConeAngle "
    # presentation (SVG 2), and Illustrator's enable-background
    "alignment-baseline baseline-shift clip clip-path clip-rule color color-interpolation "
    "color-interpolation-filters color-rendering direction display dominant-baseline "
    "enable-background fill fill-opacity fill-rule filter flood-color flood-opacity font "
    "font-family font-size font-size-adjust font-stretch font-style font-variant font-weight "
    "image-rendering isolation letter-spacing lighting-color marker marker-start marker-mid "
    "marker-end mask mask-type mix-blend-mode opacity overflow paint-order pointer-events "
    "shape-rendering stop-color stop-opacity stroke stroke-dasharray stroke-dashoffset "
    "stroke-linecap stroke-linejoin stroke-miterlimit stroke-opacity stroke-width "
    "text-anchor text-decoration text-rendering transform-origin unicode-bidi vector-effect "
    "visibility word-spacing writing-mode"
)
"""Inert attributes of any allowed element. Not: on* (events), cursor (loads a file)."""

OTHER_ATTRIBUTES = frozenset({f"{{{XLINK}}}href", f"{{{XML}}}space", f"{{{XML}}}lang"})

_TEXTS = _words(f"id class lang role aria-label aria-labelledby aria-describedby {{{XML}}}lang")
"""Attributes that hold words, not CSS: "Smith (and sons)" is no function call."""

AT_RULES = frozenset({"media", "keyframes"})
"""@media (a favicon's dark mode) and @keyframes; not @import or @font-face, which load files."""

FUNCTIONS = _words(
    "url rgb rgba hsl hsla hwb lab lch oklab oklch color color-mix calc min max clamp var "
    "translate translatex translatey translate3d rotate rotatex rotatey rotatez scale scalex "
    "scaley skew skewx skewy matrix cubic-bezier steps blur brightness contrast drop-shadow "
    "grayscale hue-rotate invert opacity saturate sepia not is where has nth-child "
    "nth-last-child nth-of-type nth-last-of-type"
)
"""CSS functions (and transform lists, and selectors' pseudo-classes) that load nothing;
`url` only as url(#id). Not: image(), image-set(), element(), paint(), expression()."""

_RASTER = re.compile(r"data:image/(png|jpeg|gif|webp)[;,]", re.IGNORECASE)
_FRAGMENT = re.compile(r"#[^\s()'\"\\]*")
_FUNCTION = re.compile(r"(?<![-\w@])([-\w]+)\(\s*(?:['\"]\s*)?([^)'\"]*)")
"""A function token: a name right before "(" (`url (x)` is no URL, nor `@media(`), its argument."""
_AT_RULE = re.compile(r"@([-\w]*)")


class _Refused(Exception):
    """The first part of the file that is not allowed, with its message."""


class _Checker:
    """The XML parser's target: checks each element as it starts, the CSS of <style> at its end."""

    def __init__(self, shown: str) -> None:
        self.shown = shown
        self.parser: DefusedXMLParser | None = None
        self.started = False
        self.style: list[str] | None = None
        self.style_line = 0

    def line(self) -> int:
        """Return the line of the file the parser is at."""
        return int(self.parser.parser.CurrentLineNumber) if self.parser else 0

    def place(self, line: int | None = None) -> str:
        """Return the file and line being read, e.g. "assets/logo.svg:3"."""
        return f"{self.shown}:{self.line() if line is None else line}"

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        """Check an element and its attributes."""
        namespace, _sep, name = tag[1:].rpartition("}") if tag.startswith("{") else ("", "", tag)
        shown = _name(tag)
        if not self.started:
            self.started = True
            if tag != f"{{{SVG}}}svg":
                raise _Refused(
                    _(
                        "{place}: the file is not an SVG image: its first element is {element}, "
                        'not <svg xmlns="{namespace}">'
                    ).format(place=self.place(), element=f"<{shown}>", namespace=SVG)
                )
        if namespace != SVG:
            raise _Refused(
                _(
                    "{place}: the element {element} is not SVG (its namespace is {namespace}); "
                    "an image may hold only SVG drawing: save it as plain SVG without editor "
                    "data (Inkscape: Save As, Optimized SVG)"
                ).format(place=self.place(), element=f"<{name}>", namespace=namespace or "none")
            )
        if name not in ELEMENTS:
            raise _Refused(
                _(
                    "{place}: the element {element} is not allowed in an image (scripts, links, "
                    "animations and embedded pages are not); save the image without it"
                ).format(place=self.place(), element=f"<{name}>")
            )
        for attribute, value in attrib.items():
            self.attribute(name, attribute, value)
        if name == "style":
            self.style, self.style_line = [], self.line()

    def attribute(self, element: str, attribute: str, value: str) -> None:
        """Check one attribute of an allowed element."""
        local = attribute.rpartition("}")[2]
        allowed = (
            attribute in OTHER_ATTRIBUTES
            if attribute.startswith("{")
            else attribute in ATTRIBUTES or re.fullmatch(r"data-[a-z0-9_.-]+", attribute)
        )
        if not allowed:
            raise _Refused(
                _(
                    "{place}: the attribute {attribute} of {element} is not allowed in an image "
                    "(event handlers and editor data are not); save the image without it"
                ).format(place=self.place(), attribute=_name(attribute), element=f"<{element}>")
            )
        if "javascript:" in "".join(value.split()).lower():
            raise _Refused(
                _(
                    "{place}: the attribute {attribute} of {element} holds a javascript: URL; "
                    "save the image without it"
                ).format(place=self.place(), attribute=_name(attribute), element=f"<{element}>")
            )
        if local == "href":
            link = value.strip()
            allowed = _RASTER.match(link) if element == "image" else _FRAGMENT.fullmatch(link)
            if not allowed:
                raise _Refused(
                    _(
                        "{place}: {element} refers to {link}; an image may refer only inside "
                        "itself (#id), or embed a PNG, JPEG, GIF or WebP picture as a data: URL"
                    ).format(place=self.place(), element=f"<{element}>", link=repr(link[:60]))
                )
            return
        if attribute in _TEXTS or attribute.startswith("data-"):
            return
        if why := css_problem(value):
            raise _Refused(
                _(
                    "{place}: the attribute {attribute} of {element} uses {what}, which is not "
                    "allowed in an image (it can load another file); refer only inside the "
                    "image, as url(#id)"
                ).format(
                    place=self.place(), attribute=_name(attribute), element=f"<{element}>", what=why
                )
            )

    def end(self, tag: str) -> None:
        """Check the CSS of a <style> element once it is read whole."""
        if self.style is not None and tag == f"{{{SVG}}}style":
            text, self.style = "".join(self.style), None
            if why := css_problem(text):
                raise _Refused(
                    _(
                        "{place}: the style sheet in <style> uses {what}, which is not allowed in "
                        "an image (it can load another file); refer only inside the image, as "
                        "url(#id)"
                    ).format(place=self.place(self.style_line), what=why)
                )

    def data(self, text: str) -> None:
        """Keep the text of a <style> element."""
        if self.style is not None:
            self.style.append(text)

    def pi(self, target: str, text: str) -> None:
        """Refuse a processing instruction: <?xml-stylesheet?> loads a stylesheet or an XSLT."""
        raise _Refused(
            _(
                "{place}: the processing instruction {instruction} is not allowed in an image "
                "(it can load a stylesheet or a script); save the image without it"
            ).format(place=self.place(), instruction=f"<?{target}?>")
        )

    def comment(self, text: str) -> None:
        """Let comments be: they are inert."""

    def close(self) -> None:
        """Finish: nothing to return, the checks ran as the file was read."""


def svg_problem(path: Path, shown: str | None = None) -> str | None:
    """Say why an SVG image is unsafe to publish, with its place in the file, or None."""
    shown = shown or path.name
    checker = _Checker(shown)
    parser = DefusedXMLParser(target=checker, forbid_dtd=True)
    checker.parser = parser
    try:
        with path.open("rb") as f:
            while chunk := f.read(65536):
                parser.feed(chunk)
        parser.close()
    except _Refused as refused:
        return str(refused)
    except DefusedXmlException:
        return _(
            "{place}: the file declares a DOCTYPE (which can define entities or load other "
            "files); delete the <!DOCTYPE ...> line, or save it as plain SVG"
        ).format(place=checker.place())
    except (ParseError, ValueError, OSError) as e:
        return _("{file} is not a readable SVG file ({reason})").format(file=shown, reason=e)
    return None


def css_problem(css: str) -> str | None:
    """Return what in a style sheet or attribute value could load a file, or None."""
    if "\\" in css:
        return "\\"
    for match in _AT_RULE.finditer(css):
        if match.group(1).lower() not in AT_RULES:
            return match.group(0)
    for match in _FUNCTION.finditer(css):
        function, argument = match.group(1).lower(), match.group(2).strip()
        if function not in FUNCTIONS:
            return f"{function}()"
        if function == "url" and not argument.startswith("#"):
            return f"url({argument[:60]})"
    return None


def _name(qualified: str) -> str:
    """Show "{http://www.w3.org/1999/xhtml}script" as "script (http://www.w3.org/1999/xhtml)"."""
    if not qualified.startswith("{"):
        return qualified
    namespace, _sep, local = qualified[1:].rpartition("}")
    prefix = {XLINK: "xlink", XML: "xml"}.get(namespace)
    return f"{prefix}:{local}" if prefix else f"{local} ({namespace})"
