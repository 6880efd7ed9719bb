/// SextantCore: the vocabulary shared by every analysis module (today: ``Direction``). It has no
/// dependencies, so that SextantHistory, SextantChangePoint, SextantForecast and SextantGate can agree
/// on one type instead of converting between look-alikes.
