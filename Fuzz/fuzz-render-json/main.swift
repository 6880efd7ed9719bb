import FuzzRenderInputs
import FuzzSupport
import SextantReport
import SextantText

/// Every JSON renderer (gate, analyze, changepoints, forecast), one per execution (the input's last byte selects it), on a small report whose names come
/// from the input (``RenderInputs``): each output reads back with the one JSON reader, and the
/// gate's and changepoints' read back to exactly the names that went in.
func read(_ text: String, _ what: String) -> JSONValue {
    guard let v = try? JSONReader.parse(text) else { violated("\(what) does not parse") }
    return v
}

runFuzzer { data, size in
    let r = RenderInputs(bytes(data, size))
    switch r.report(of: 4) {
    case 0:
        let report = r.gateReport
        let gate = read(GateRenderer.render(report, format: .json), "gate json")
        let gateNames = (gate["report"]?["results"]?.arrayValue ?? []).compactMap { $0["benchmark"]?.stringValue }
        if gateNames.sorted() != report.results.map(\.benchmark).sorted() { violated("gate json names \(gateNames)") }
    case 1:
        _ = read(AnalysisRenderer.render(r.statuses, format: .json, confidence: 0.95), "analyze json")
    case 2:
        let series = r.changePoints
        let changes = read(ChangePointRenderer.render(store: series, format: .json), "changepoints json")
        let changeNames = Set((changes["changePoints"]?.arrayValue ?? []).compactMap { $0["benchmark"]?.stringValue })
        let expected = Set(series.filter { !$0.result.changePoints.isEmpty }.map(\.series.benchmark))
        if changeNames != expected { violated("changepoints json names \(changeNames) != \(expected)") }
    default:
        _ = read(ForecastRenderer.render(r.forecasts, format: .json), "forecast json")
    }
    return 0
}
