"""Querysets that are the only door to children and to records about them."""

from django.db import models

from . import policy


class ChildQuerySet(models.QuerySet):
    def visible_to(self, user, action: str = "view"):
        """Children `user` may `action` ("view" or "change"); see vsh.access.policy."""
        reach = policy.child_reach(user, action)
        if reach is policy.EVERYTHING:
            return self
        if reach is policy.NOTHING:
            return self.none()
        # pk__in a subquery: the OR of joins would otherwise repeat rows.
        return self.filter(pk__in=self.model.objects.filter(reach).values("pk"))


class ChildLinkedQuerySet(models.QuerySet):
    """For models with a `child` foreign key: visible when the child is."""

    def visible_to(self, user, action: str = "view"):
        from children.models import Child

        reach = policy.child_reach(user, action)
        if reach is policy.EVERYTHING:
            qs = self
        elif reach is policy.NOTHING:
            return self.none()
        else:
            qs = self.filter(child__in=Child.objects.filter(reach).values("pk"))
        return policy.restrict_records(qs, user)
