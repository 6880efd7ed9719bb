import FuzzRenderInputs
import FuzzSupport
import SextantReport

/// Every terminal renderer (gate, analyze, changepoints, forecast tables) and `Escape.terminal` on
/// a small report whose names come from the input (``RenderInputs``): no control character but LF
/// reaches the terminal (`checkTerminal`).
runFuzzer { data, size in
    let r = RenderInputs(bytes(data, size))
    checkTerminal(GateRenderer.render(r.gateReport, format: .table), "gate table")
    checkTerminal(AnalysisRenderer.render(r.statuses, format: .table, confidence: 0.95), "analyze table")
    checkTerminal(ChangePointRenderer.render(store: r.changePoints, format: .table), "changepoints table")
    checkTerminal(ForecastRenderer.render(r.forecasts, format: .table), "forecast table")
    checkTerminal(Escape.terminal(r.name(0)), "Escape.terminal")
    return 0
}
