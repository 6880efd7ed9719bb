import FuzzRenderInputs
import FuzzSupport
import SextantReport

/// Every CSV renderer (gate, analyze, changepoints, forecast) on a small report whose names come
/// from the input (``RenderInputs``): one cell count per row, no cell a spreadsheet would run as a
/// formula (`checkCSV`).
runFuzzer { data, size in
    let r = RenderInputs(bytes(data, size))
    checkCSV(GateRenderer.render(r.gateReport, format: .csv), "gate csv")
    checkCSV(AnalysisRenderer.render(r.statuses, format: .csv, confidence: 0.95), "analyze csv")
    checkCSV(ChangePointRenderer.render(store: r.changePoints, format: .csv), "changepoints csv")
    checkCSV(ForecastRenderer.render(r.forecasts, format: .csv), "forecast csv")
    return 0
}
