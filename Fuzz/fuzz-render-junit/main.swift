import FuzzRenderInputs
import FuzzSupport
import SextantReport

/// The JUnit XML renderer (gate; inconclusive verdicts as skips and as failures) on a small report
/// whose names come from the input (``RenderInputs``): only XML characters, and no raw tab, CR or
/// LF inside an attribute value.
runFuzzer { data, size in
    let report = RenderInputs(bytes(data, size)).gateReport
    for failOnInconclusive in [false, true] {
        let xml = GateRenderer.render(report, format: .junit, failOnInconclusive: failOnInconclusive)
        checkXMLCharacters(xml, "gate junit")
        checkXMLAttributes(xml, "gate junit")
    }
    return 0
}
