// count_window_exceedances_of_outlets: per outlet, how many limits judge it and how many of its exceedances fall
// between two days (Outlet.compliant with a period).
// params: keys: list<string> — Outlet keys; since: date|null — the first day (null: from the start); until:
//   date|null — the last day (null: to the end)
UNWIND $keys AS key
MATCH (o:Outlet {key: key})
RETURN key, COUNT { (o)<-[:FOR_OUTLET]-(:PermitLimit) } AS limits,
  COUNT { (o)<-[:AT_OUTLET]-(x:Exceedance) WHERE ($since IS NULL OR x.date >= $since)
    AND ($until IS NULL OR x.date <= $until) } AS exceedances
