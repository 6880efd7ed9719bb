import SextantForecast

extension ForecastWarning {
    /// The one time-to-breach rule of Sextant: the steps at which a forecast crosses an SLA limit, read off
    /// by SextantForecast's ``SextantForecast/BreachForecast`` (the point forecast for `runsToBreach`, the
    /// unfavourable bound of the band at `level` percent for `earliest`, the favourable bound for
    /// `latest`). `sextant analyze` passes its ETS forecast, the gate the linear (HAC) trend's forecast.
    ///
    /// `limit` is in the SLA's unit (`ms`, `ops/s`, `B`), `factor` converts the series' unit to it.
    /// Returns nil when the point forecast does not cross within the forecast's horizon.
    /// - Complexity: O(h · levels) for a forecast of h steps.
    public init?(key: String, limit: Double, factor: Double, unit: String, isMaximum: Bool, forecast: Forecast,
                 level: Double, lastObservation: Double, relativeSlopePerRun: Double) {
        let breach = BreachForecast(forecast: forecast, lastObservation: lastObservation, limit: limit / factor,
                                    direction: isMaximum ? .lowerIsBetter : .higherIsBetter)
        guard let expected = breach.pointStep else { return nil }
        let crossing = breach.bands.first { abs($0.level - level) < 1e-9 }
        self.init(key: key, limit: limit, unit: unit, runsToBreach: expected, earliest: crossing?.earliest,
                  latest: crossing?.latest, horizon: forecast.horizon, relativeSlopePerRun: relativeSlopePerRun)
    }
}
