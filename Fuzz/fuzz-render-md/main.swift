import FuzzRenderInputs
import FuzzSupport
import SextantReport

/// Every Markdown renderer (gate, analyze, changepoints, forecast) on a small report whose names
/// come from the input (``RenderInputs``). Outside code spans the only HTML is Sextant's own, table
/// rows keep their cell count, no control characters (`checkMarkdown`).
runFuzzer { data, size in
    let r = RenderInputs(bytes(data, size))
    checkMarkdown(GateRenderer.render(r.gateReport, format: .md), "gate md")
    checkMarkdown(AnalysisRenderer.render(r.statuses, format: .md, confidence: 0.95), "analyze md")
    checkMarkdown(ChangePointRenderer.render(store: r.changePoints, format: .md), "changepoints md")
    checkMarkdown(ForecastRenderer.render(r.forecasts, format: .md), "forecast md")
    return 0
}
