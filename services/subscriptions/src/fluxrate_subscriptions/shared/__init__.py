"""What several of the subscriptions service's contexts share: the catalog as last published,
and the handlers' clock."""
