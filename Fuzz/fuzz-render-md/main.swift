import FuzzRenderInputs
import FuzzSupport
import SextantReport

/// Every Markdown renderer (gate, analyze, changepoints, forecast), one per execution (the input's last byte selects it), on a small report whose names
/// come from the input (``RenderInputs``). Outside code spans the only HTML is Sextant's own, table
/// rows keep their cell count, no control characters (`checkMarkdown`).
runFuzzer { data, size in
    let r = RenderInputs(bytes(data, size))
    switch r.report(of: 4) {
    case 0: checkMarkdown(GateRenderer.render(r.gateReport, format: .md), "gate md")
    case 1: checkMarkdown(AnalysisRenderer.render(r.statuses, format: .md, confidence: 0.95), "analyze md")
    case 2: checkMarkdown(ChangePointRenderer.render(store: r.changePoints, format: .md), "changepoints md")
    default: checkMarkdown(ForecastRenderer.render(r.forecasts, format: .md), "forecast md")
    }
    return 0
}
