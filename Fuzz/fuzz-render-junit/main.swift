import FuzzRenderInputs
import FuzzSupport
import SextantReport

/// The JUnit XML renderer (gate; inconclusive verdicts as skips or, by the input's last byte, as failures) on a small report
/// whose names come from the input (``RenderInputs``): only XML characters, and no raw tab, CR or
/// LF inside an attribute value.
runFuzzer { data, size in
    let r = RenderInputs(bytes(data, size))
    let xml = GateRenderer.render(r.gateReport, format: .junit, failOnInconclusive: r.report(of: 2) == 1)
    checkXMLCharacters(xml, "gate junit")
    checkXMLAttributes(xml, "gate junit")
    return 0
}
