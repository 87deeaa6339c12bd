"""What Django's generic views and DRF's generic views and viewsets do to their model's table.

A class-based view that inherits one of them and names a model (`model = Order`) or a queryset
(`queryset = Order.objects.all()`) reads and writes the model's table in Django's or DRF's own
code, not in any code of the analysed repository: an `UpdateView` reads the row and saves the
form, a `ModelViewSet` lists, retrieves, creates, updates and destroys. The class is where that
access is written, so the data access analyzer draws it from the class's node (as it does a
class body's query), with the `class` statement as its evidence. Likewise a ModelForm's or a
ModelSerializer's `save()` writes the model its `Meta` names (`MODEL_FORMS`).

>>> sorted(generic_operations(["shop.views.OrderEdit", "django.views.generic.UpdateView"]))
['read', 'write']
>>> sorted(generic_operations(["api.Orders", "rest_framework.mixins.ListModelMixin"]))
['read']
>>> generic_operations(["shop.views.Home", "django.views.generic.TemplateView"])
set()
"""

from __future__ import annotations

from collections.abc import Iterable

READ = "read"
WRITE = "write"
_READS = frozenset({READ})
_WRITES = frozenset({WRITE})
_BOTH = frozenset({READ, WRITE})

# Django's generic views and mixins that touch their model, by name; they are importable from
# `django.views.generic` and from its submodules
_DJANGO = {
    **dict.fromkeys(
        [
            "ListView",
            "BaseListView",
            "MultipleObjectMixin",
            "DetailView",
            "BaseDetailView",
            "SingleObjectMixin",
            "ArchiveIndexView",
            "BaseArchiveIndexView",
            "YearArchiveView",
            "BaseYearArchiveView",
            "MonthArchiveView",
            "BaseMonthArchiveView",
            "WeekArchiveView",
            "BaseWeekArchiveView",
            "DayArchiveView",
            "BaseDayArchiveView",
            "TodayArchiveView",
            "BaseTodayArchiveView",
            "DateDetailView",
            "BaseDateDetailView",
        ],
        _READS,
    ),
    **dict.fromkeys(["CreateView", "BaseCreateView", "ModelFormMixin"], _WRITES),
    **dict.fromkeys(
        ["UpdateView", "BaseUpdateView", "DeleteView", "BaseDeleteView", "DeletionMixin"], _BOTH
    ),
}
_DJANGO_MODULES = frozenset(
    {
        "django.views.generic",
        "django.views.generic.list",
        "django.views.generic.detail",
        "django.views.generic.edit",
        "django.views.generic.dates",
    }
)
# DRF's, by module and name
_DRF = {
    "rest_framework.viewsets": {"ModelViewSet": _BOTH, "ReadOnlyModelViewSet": _READS},
    "rest_framework.mixins": {
        "CreateModelMixin": _WRITES,
        "ListModelMixin": _READS,
        "RetrieveModelMixin": _READS,
        "UpdateModelMixin": _BOTH,
        "DestroyModelMixin": _BOTH,
    },
    "rest_framework.generics": {
        "CreateAPIView": _WRITES,
        "ListAPIView": _READS,
        "RetrieveAPIView": _READS,
        **dict.fromkeys(
            [
                "DestroyAPIView",
                "UpdateAPIView",
                "ListCreateAPIView",
                "RetrieveUpdateAPIView",
                "RetrieveDestroyAPIView",
                "RetrieveUpdateDestroyAPIView",
            ],
            _BOTH,
        ),
    },
}


# the forms and serializers whose `save()` writes the model their `Meta` names
MODEL_FORMS = frozenset(
    {
        "django.forms.ModelForm",
        "django.forms.models.ModelForm",
        "rest_framework.serializers.ModelSerializer",
        "rest_framework.serializers.HyperlinkedModelSerializer",
    }
)


def generic_operations(order: Iterable[str]) -> set[str]:
    """What the generic views among a class's bases (dotted names, in its method resolution
    order) do to its model: "read", "write", both or none."""
    found: set[str] = set()
    for name in order:
        module, _, short = name.rpartition(".")
        if module in _DJANGO_MODULES:
            found |= _DJANGO.get(short, frozenset())
        else:
            found |= _DRF.get(module, {}).get(short, frozenset())
    return found
