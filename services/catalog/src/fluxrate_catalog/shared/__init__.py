"""What the catalog's contexts (meters, features, plans) share: a status, paging, event
recording and the request pieces every context's API uses."""
