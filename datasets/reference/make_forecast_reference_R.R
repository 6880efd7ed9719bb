# R forecast::ets reference on the Nile series for the six non-seasonal models: estimated
# parameters (incl. initial states), sigma2 (= sum(e^2)/(n - np)), and 10-step forecasts with
# 80%/95% intervals (class 1 / class 2 analytic variances of Hyndman et al. 2008).
# Run:  Rscript datasets/reference/make_forecast_reference_R.R   (Debian: r-base-core r-cran-forecast)
# Writes nile_ets_R.json beside this script (no jsonlite needed).
suppressMessages(library(forecast))
out_dir <- tryCatch(dirname(normalizePath(sub("--file=", "", grep("--file=", commandArgs(FALSE), value = TRUE)))),
                    error = function(e) ".")
num <- function(x) paste0("[", paste(sprintf("%.17g", as.numeric(x)), collapse = ", "), "]")
specs <- list(c("ANN", FALSE), c("AAN", FALSE), c("AAN", TRUE), c("MNN", FALSE), c("MAN", FALSE), c("MAN", TRUE))
entries <- c()
for (s in specs) {
  damped <- as.logical(s[2])
  fit <- ets(Nile, model = s[1], damped = damped)
  fc <- forecast(fit, h = 10, level = c(80, 95))
  p <- fit$par
  get <- function(name, default) if (name %in% names(p)) p[[name]] else default
  name <- if (damped) sub("AN$", "AdN", s[1]) else s[1]
  entries <- c(entries, sprintf(paste0(
    '"%s": {"alpha": %.17g, "beta": %.17g, "phi": %.17g, "l0": %.17g, "b0": %.17g, ',
    '"sigma2": %.17g, "loglik_R": %.17g, "aicc": %.17g, "np": %d, "mean": %s, ',
    '"lower80": %s, "upper80": %s, "lower95": %s, "upper95": %s}'),
    name, get("alpha", NA), get("beta", 0), get("phi", 1), get("l", NA), get("b", 0),
    fit$sigma2, fit$loglik, fit$aicc, length(p) + 1L, num(fc$mean),
    num(fc$lower[, 1]), num(fc$upper[, 1]), num(fc$lower[, 2]), num(fc$upper[, 2])))
}
json <- paste0('{"source": "R ', R.version$major, ".", R.version$minor, ", forecast ",
               as.character(packageVersion("forecast")), ': ets(Nile, model, damped); forecast(fit, h = 10, level = c(80, 95))", ',
               paste(entries, collapse = ", "), "}\n")
writeLines(json, file.path(out_dir, "nile_ets_R.json"), sep = "")
cat("wrote", file.path(out_dir, "nile_ets_R.json"), "\n")
