import FuzzRenderInputs
import FuzzSupport
import SextantReport

/// Every terminal renderer (gate, analyze, changepoints, forecast tables; one per execution, the input's last
/// byte selects it) and `Escape.terminal` on
/// a small report whose names come from the input (``RenderInputs``): no control character but LF
/// reaches the terminal (`checkTerminal`).
runFuzzer { data, size in
    let r = RenderInputs(bytes(data, size))
    switch r.report(of: 4) {
    case 0: checkTerminal(GateRenderer.render(r.gateReport, format: .table), "gate table")
    case 1: checkTerminal(AnalysisRenderer.render(r.statuses, format: .table, confidence: 0.95), "analyze table")
    case 2: checkTerminal(ChangePointRenderer.render(store: r.changePoints, format: .table), "changepoints table")
    default: checkTerminal(ForecastRenderer.render(r.forecasts, format: .table), "forecast table")
    }
    checkTerminal(Escape.terminal(r.name(0)), "Escape.terminal")
    return 0
}
