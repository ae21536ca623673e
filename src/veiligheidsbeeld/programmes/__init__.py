"""The uitvoeringsprogramma: measures per priority, budgets, KPIs bound to indicators, progress and estimates."""
