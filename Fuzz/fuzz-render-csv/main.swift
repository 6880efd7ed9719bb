import FuzzRenderInputs
import FuzzSupport
import SextantReport

/// Every CSV renderer (gate, analyze, changepoints, forecast), one per execution (the input's last byte selects it), on a small report whose names come
/// from the input (``RenderInputs``): one cell count per row, no cell a spreadsheet would run as a
/// formula (`checkCSV`).
runFuzzer { data, size in
    let r = RenderInputs(bytes(data, size))
    switch r.report(of: 4) {
    case 0: checkCSV(GateRenderer.render(r.gateReport, format: .csv), "gate csv")
    case 1: checkCSV(AnalysisRenderer.render(r.statuses, format: .csv, confidence: 0.95), "analyze csv")
    case 2: checkCSV(ChangePointRenderer.render(store: r.changePoints, format: .csv), "changepoints csv")
    default: checkCSV(ForecastRenderer.render(r.forecasts, format: .csv), "forecast csv")
    }
    return 0
}
