import FuzzRenderInputs
import FuzzSupport
import SextantReport

/// The dashboard (one HTML page, data embedded) with a panel per name from the input
/// (``RenderInputs``), a title and context lines from it: only XML characters, and a name never
/// adds an element of its own.
runFuzzer { data, size in
    let r = RenderInputs(bytes(data, size))
    let html = Dashboard.render(r.panels, title: r.name(0), context: [r.name(1)], confidence: 0.95)
    checkXMLCharacters(html, "dashboard")
    if r.names.contains(where: { ByteScan.contains($0, "<img") }) && ByteScan.contains(html, "<img") { violated("dashboard holds an injected <img>") }
    return 0
}
