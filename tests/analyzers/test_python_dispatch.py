"""Calls made through a dispatcher: task queues (Celery, Django, Dramatiq, RQ, Huey) and Django
signals' `send`."""

from __future__ import annotations

from pathlib import Path

from analyzers.python_code import ANALYZER
from decompose.model import DependencyGraph, EdgeKind, NodeKind
from decompose.pipeline import ScanOptions, scan
from tests.conftest import make_tree


def _calls(root: Path) -> dict[tuple[str, str], tuple[list[str], list[int]]]:
    """Each call edge between functions: its `dispatch` (empty for direct calls) and lines."""
    graph: DependencyGraph = scan(root, ScanOptions(jobs=1, analyzers=(ANALYZER,))).graph
    return {
        (edge.source.partition(":")[2], edge.target.partition(":")[2]): (
            edge.attrs.get("dispatch", []),
            sorted(e.line for e in edge.evidence),
        )
        for edge in graph.edges(EdgeKind.CALLS)
        if edge.source.startswith("function:")
    }


def _frameworks(root: Path) -> dict[str, str]:
    """Each entry point's framework, by its handler."""
    graph = scan(root, ScanOptions(jobs=1, analyzers=(ANALYZER,))).graph
    return {n.name: n.attrs["framework"] for n in graph.nodes(NodeKind.ENTRYPOINT)}


def _sent(root: Path) -> dict[tuple[str, str], tuple[list[str], list[int]]]:
    """The call edges that only a signal's send makes (`_calls` with `dispatch` ["signal"])."""
    return {pair: found for pair, found in _calls(root).items() if found[0] == ["signal"]}


TASKS = {
    "shop/__init__.py": "",
    "shop/tasks.py": (
        "from celery import shared_task\n\n@shared_task\ndef notify(order_id):\n    pass\n"
    ),
    "shop/orders.py": (
        "from shop import tasks\n"
        "from shop.tasks import notify\n"
        "\n"
        "def place(order_id):\n"
        "    notify.delay(order_id)\n"
        "    tasks.notify.apply_async(args=(order_id,), countdown=5)\n"
        "\n"
        "def place_now(order_id):\n"
        "    notify(order_id)\n"
        "    notify.delay(order_id)\n"
        "\n"
        "def other(mailer):\n"
        "    mailer.delay(1)\n"
    ),
}


def test_a_celery_task_sent_to_a_worker_is_a_dispatched_call(tmp_path: Path) -> None:
    calls = _calls(make_tree(tmp_path / "p", TASKS))
    assert calls[("shop.orders:place", "shop.tasks:notify")] == (["celery"], [5, 6])
    assert calls[("shop.orders:place_now", "shop.tasks:notify")] == (["celery", "direct"], [9, 10])
    assert not [pair for pair in calls if pair[0] == "shop.orders:other"]


SIGNALS = {
    "shop/__init__.py": "",
    "shop/signals.py": (
        "from django.dispatch import Signal\n\norder_placed = Signal()\norder_paid = Signal()\n"
    ),
    "shop/api.py": "from shop.signals import *\n",  # a re-export
    "shop/models.py": "class Order:\n    pass\n\nclass Basket:\n    pass\n",
    "loyalty/__init__.py": "",
    "loyalty/handlers.py": (
        "from django.db.models.signals import post_save\n"
        "from django.dispatch import receiver\n"
        "\n"
        "from shop import signals\n"
        "from shop.api import order_placed\n"
        "from shop.models import Basket, Order\n"
        "\n"
        "@receiver(order_placed)\n"
        "def award(sender, **kwargs):\n"
        "    pass\n"
        "\n"
        "@receiver([order_placed, signals.order_paid], sender=Order)\n"
        "def for_orders(sender, **kwargs):\n"
        "    pass\n"
        "\n"
        "def on_save(sender, **kwargs):\n"
        "    pass\n"
        "\n"
        "post_save.connect(on_save, sender=Basket)\n"
    ),
    "shop/orders.py": (
        "from django.db.models.signals import post_save\n"
        "\n"
        "from shop.models import Basket, Order\n"
        "from shop.signals import order_paid, order_placed\n"
        "\n"
        "def place(order):\n"
        "    order_placed.send(sender=Order, order=order)\n"
        "\n"
        "def place_basket(basket):\n"
        "    order_placed.send(Basket, basket=basket)\n"
        "\n"
        "def pay(order, sender):\n"
        "    order_paid.send_robust(sender=sender)\n"
        "    post_save.send(sender=Basket, instance=order)\n"
        "\n"
        "def shadowed(order_placed, channel):\n"
        "    order_placed.send(sender=Order)\n"
        "    channel.send('x')\n"
    ),
}


def test_a_django_signal_send_reaches_the_receivers_of_that_signal(tmp_path: Path) -> None:
    sent = _sent(make_tree(tmp_path / "p", SIGNALS))
    assert sent == {
        # through a star re-export and a list of signals; the sender matches
        ("shop.orders:place", "loyalty.handlers:award"): (["signal"], [7]),
        ("shop.orders:place", "loyalty.handlers:for_orders"): (["signal"], [7]),
        # another sender than the receiver wants: `for_orders` is not reached
        ("shop.orders:place_basket", "loyalty.handlers:award"): (["signal"], [10]),
        # Django's own signals by their name; a sender not known (a parameter) reaches no
        # receiver that wants one sender (`for_orders` from `pay`)
        ("shop.orders:pay", "loyalty.handlers:on_save"): (["signal"], [14]),
    }


def test_a_django_task_is_no_celery_task_and_enqueue_dispatches_it(tmp_path: Path) -> None:
    root = make_tree(
        tmp_path / "p",
        {
            "shop/__init__.py": "",
            "shop/tasks.py": (
                "from django_tasks import task\n\n@task()\ndef reindex(pk):\n    pass\n\n"
                "@task\ndef purge(pk):\n    pass\n"
            ),
            "shop/views.py": (
                "from shop.tasks import purge, reindex\n\ndef save(pk):\n"
                "    reindex.enqueue(pk)\n    purge.enqueue(pk)\n\n"
                "class Rule:\n    @property\n    def action(self):\n        return object()\n\n"
                "    def fire(self):\n        self.action.enqueue(1)\n"
            ),
        },
    )
    frameworks = _frameworks(root)
    assert frameworks == {"shop.tasks:reindex": "django", "shop.tasks:purge": "django"}
    calls = _calls(root)
    assert calls[("shop.views:save", "shop.tasks:reindex")] == (["django"], [4])
    assert calls[("shop.views:save", "shop.tasks:purge")] == (["django"], [5])
    assert ("shop.views:Rule.fire", "shop.views:Rule.action") not in calls  # no task


MORE_SIGNALS = {
    "shop/__init__.py": "",
    "shop/signals.py": "from django.dispatch import Signal\n\nbasket_added = Signal()\n",
    "shop/receivers.py": (
        "from shop.signals import basket_added\n\n"
        "class Notifier:\n    def __call__(self, sender, **kwargs):\n        pass\n\n"
        "basket_added.connect(Notifier())\n\n"
        "def for_views(sender, **kwargs):\n    pass\n\n"
        "def for_others(sender, **kwargs):\n    pass\n\n"
        "from shop.views import BasketView\n"
        "basket_added.connect(for_views, sender=BasketView)\n"
        "basket_added.connect(for_others, sender=Notifier)\n"
    ),
    "shop/views.py": (
        "from shop import signals\n\n"
        "class BasketView:\n    added_signal = signals.basket_added\n\n"
        "    def post(self):\n        self.added_signal.send(sender=self.__class__)\n\n"
        "def add():\n    from shop.signals import basket_added\n\n"
        "    basket_added.send(sender=None)\n"
    ),
    "shop/tests/__init__.py": "",
    "shop/tests/test_views.py": (
        "from shop.signals import basket_added\nfrom shop.views import add\n\n"
        "def test_add():\n    def seen(sender, **kwargs):\n        pass\n\n"
        "    basket_added.connect(seen)\n    add()\n    basket_added.send(sender=None)\n\n"
        "def test_other():\n    basket_added.send(sender=None)\n"
    ),
}


def test_signals_held_by_a_class_or_imported_in_a_function_and_receivers_in_tests(
    tmp_path: Path,
) -> None:
    """A class attribute and a function's own import name the signal; an object's `__call__`
    receives it; `self.__class__` as sender is the method's class; a receiver connected in a
    test is reached from that test only, and from no application code."""
    sent = _sent(make_tree(tmp_path / "p", MORE_SIGNALS))
    assert sent == {
        ("shop.views:BasketView.post", "shop.receivers:Notifier.__call__"): (["signal"], [7]),
        # `self.__class__` is the method's class: the receiver for BasketView only is reached
        ("shop.views:BasketView.post", "shop.receivers:for_views"): (["signal"], [7]),
        ("shop.views:add", "shop.receivers:Notifier.__call__"): (["signal"], [12]),
        ("shop.tests.test_views:test_add", "shop.receivers:Notifier.__call__"): (["signal"], [10]),
        ("shop.tests.test_views:test_add", "shop.tests.test_views:test_add.seen"): (
            ["signal"],
            [10],
        ),
        # a receiver connected inside a test is not reached from another test
        ("shop.tests.test_views:test_other", "shop.receivers:Notifier.__call__"): (
            ["signal"],
            [13],
        ),
    }


MODEL_SIGNALS = {
    "shop/__init__.py": "",
    "shop/models.py": (
        "from django.db import models\n\n"
        "class Order(models.Model):\n    pass\n\n"
        "class Invoice(models.Model):\n    def save(self, *args, **kwargs):\n"
        "        super().save(*args, **kwargs)\n\n"
        "class Receipt(Invoice):\n    def save(self, *args, **kwargs):\n"
        "        super().save(*args, **kwargs)\n"
    ),
    "shop/receivers.py": (
        "from django.db.models.signals import post_delete, post_save\n"
        "from django.dispatch import receiver\n\n"
        "from shop.models import Invoice, Order\n\n"
        "@receiver(post_save, sender=Order)\ndef order_saved(sender, **kwargs):\n    pass\n\n"
        "@receiver(post_save)\ndef anything_saved(sender, **kwargs):\n    pass\n\n"
        "@receiver(post_delete, sender=Invoice)\ndef invoice_deleted(sender, **kwargs):\n"
        "    pass\n\n"
        "def tracked(sender, **kwargs):\n    pass\n\n"
        "def track(model):\n    post_save.connect(tracked, sender=model)\n\n"
        "track(Invoice)\n"
    ),
    "shop/service.py": (
        "from shop.models import Invoice, Order\n\n"
        "def place():\n    order = Order()\n    order.save()\n    Order.objects.create()\n"
        "    Order.objects.filter().update(paid=True)\n\n"
        "def bill():\n    invoice = Invoice()\n    invoice.save()\n"
        "    Invoice.objects.filter().delete()\n"
    ),
}


def test_saving_or_deleting_a_model_reaches_the_receivers_of_djangos_own_signals(
    tmp_path: Path,
) -> None:
    """`save()`, `objects.create()` send pre_save and post_save, a delete pre_delete and
    post_delete, with the model as sender; `update()` sends none; a model's own `save()` sends
    them from its `super().save()`, not from its callers (nor from a subclass's override, whose
    `super()` reaches the parent's). A receiver connected for a sender
    held in a parameter (`track`) may be for any model a caller passes: it is not reached."""
    sent = _sent(make_tree(tmp_path / "p", MODEL_SIGNALS))
    assert sent == {
        ("shop.service:place", "shop.receivers:order_saved"): (["signal"], [5, 6]),
        ("shop.service:place", "shop.receivers:anything_saved"): (["signal"], [5, 6]),
        ("shop.models:Invoice.save", "shop.receivers:anything_saved"): (["signal"], [8]),
        ("shop.service:bill", "shop.receivers:invoice_deleted"): (["signal"], [12]),
    }


def test_dramatiq_rq_and_huey_tasks_are_entry_points_and_their_sends_dispatch(
    tmp_path: Path,
) -> None:
    root = make_tree(
        tmp_path / "p",
        {
            "shop/__init__.py": "",
            "shop/queue.py": "from huey import RedisHuey\n\nhuey = RedisHuey('shop')\n",
            "shop/tasks.py": (
                "import dramatiq\n"
                "from django_rq import job\n"
                "from huey import crontab\n"
                "from huey.contrib.djhuey import db_task\n"
                "from shop.queue import huey\n"
                "\n"
                "@dramatiq.actor(queue_name='mail')\n"
                "def send_receipt(order_id):\n    pass\n\n"
                "@job('default')\n"
                "def reindex(pk):\n    pass\n\n"
                "@huey.task()\n"
                "def resize(image_id):\n    pass\n\n"
                "@huey.periodic_task(crontab(minute='0'))\n"
                "def purge():\n    pass\n\n"
                "@db_task()\n"
                "def recount(pk):\n    pass\n"
            ),
            "shop/reports.py": (
                "def job(func):\n    return func\n\n@job\ndef monthly():\n    pass\n"
            ),
            "shop/views.py": (
                "from shop.reports import monthly\n"
                "from shop.tasks import recount, reindex, resize, send_receipt\n\n"
                "def pay(order_id):\n"
                "    send_receipt.send(order_id)\n"
                "    send_receipt.send_with_options(args=(order_id,), delay=1000)\n"
                "    reindex.delay(order_id)\n"
                "    resize.schedule(args=(1,), delay=60)\n"
                "    recount(order_id)\n"
                "    monthly()\n"
            ),
        },
    )
    frameworks = _frameworks(root)
    assert frameworks == {
        "shop.tasks:send_receipt": "dramatiq",
        "shop.tasks:reindex": "rq",
        "shop.tasks:resize": "huey",
        "shop.tasks:purge": "huey",
        "shop.tasks:recount": "huey",
    }  # not `monthly`: its `job` is the project's own decorator, no task queue's
    calls = _calls(root)
    assert calls[("shop.views:pay", "shop.tasks:send_receipt")] == (["dramatiq"], [5, 6])
    assert calls[("shop.views:pay", "shop.tasks:reindex")] == (["rq"], [7])
    assert calls[("shop.views:pay", "shop.tasks:resize")] == (["huey"], [8])
    assert calls[("shop.views:pay", "shop.tasks:recount")] == ([], [9])  # Huey's call enqueues


def test_a_framework_method_reaches_the_hooks_it_calls_back(tmp_path: Path) -> None:
    root = make_tree(
        tmp_path / "p",
        {
            "shop/__init__.py": "",
            "shop/forms.py": (
                "from django import forms\n"
                "from django.contrib.auth.forms import AuthenticationForm\n"
                "from django.forms import ModelForm\n"
                "\n"
                "class SignupForm(forms.Form):\n"
                "    def clean_email(self):\n        pass\n"
                "    def clean(self):\n        pass\n"
                "    def cleanup(self):\n        pass\n"
                "    def clean_rows(self, raw):\n        pass\n"
                "\n"
                "class StrictSignupForm(SignupForm):\n"
                "    def clean_password(self):\n        pass\n"
                "\n"
                "class AddressForm(ModelForm):\n"
                "    def clean_zip(self):\n        pass\n"
                "    def is_valid(self):\n"
                "        return super().is_valid()\n"
                "\n"
                "class LoginForm(AuthenticationForm):\n"
                "    def clean(self):\n        pass\n"
            ),
            "shop/api.py": (
                "import threading\n"
                "from rest_framework import serializers\n"
                "\n"
                "class OrderSerializer(serializers.ModelSerializer):\n"
                "    def validate_total(self, value):\n        return value\n"
                "    def create(self, data):\n        pass\n"
                "    def update(self, instance, data):\n        pass\n"
                "\n"
                "class Mailer(threading.Thread):\n"
                "    def run(self):\n        pass\n"
            ),
            "shop/views.py": (
                "from shop.api import Mailer, OrderSerializer\n"
                "from shop.forms import AddressForm, LoginForm, SignupForm, StrictSignupForm\n"
                "\n"
                "def signup(data):\n"
                "    form = StrictSignupForm(data)\n"
                "    if form.is_valid():\n"
                "        Mailer().start()\n"
                "\n"
                "def order(data):\n"
                "    serializer = OrderSerializer(data=data)\n"
                "    serializer.is_valid(raise_exception=True)\n"
                "    serializer.save()\n"
                "\n"
                "def address(data):\n"
                "    AddressForm(data).is_valid()\n"
                "\n"
                "def login(data):\n"
                "    LoginForm(data).is_valid()\n"
            ),
        },
    )
    framework = {
        pair: lines for pair, (ways, lines) in _calls(root).items() if ways == ["framework"]
    }
    assert framework == {
        # the form's own clean_ methods and its bases', not `cleanup` nor the helper `clean_rows`
        ("shop.views:signup", "shop.forms:StrictSignupForm.clean_password"): [6],
        ("shop.views:signup", "shop.forms:SignupForm.clean_email"): [6],
        ("shop.views:signup", "shop.forms:SignupForm.clean"): [6],
        ("shop.views:signup", "shop.api:Mailer.run"): [7],
        ("shop.views:order", "shop.api:OrderSerializer.validate_total"): [11],
        ("shop.views:order", "shop.api:OrderSerializer.create"): [12],
        ("shop.views:order", "shop.api:OrderSerializer.update"): [12],
        # an override's super() call reaches the hooks; the call of the override does not
        ("shop.forms:AddressForm.is_valid", "shop.forms:AddressForm.clean_zip"): [23],
        # a form of django.contrib.auth
        ("shop.views:login", "shop.forms:LoginForm.clean"): [18],
    }
    assert _calls(root)[("shop.views:address", "shop.forms:AddressForm.is_valid")] == ([], [15])


OVERRIDES = {
    "jobs/__init__.py": "",
    "jobs/base.py": (
        "import abc\n"
        "\n"
        "class Exporter(abc.ABC):\n"
        "    def run(self):\n"
        "        rows = self.fetch()\n"
        "        self.write(rows)\n"
        "        self.close()\n"
        "\n"
        "    def fetch(self):\n"
        '        """Subclasses read their rows."""\n'
        "        raise NotImplementedError\n"
        "\n"
        "    @abc.abstractmethod\n"
        "    def write(self, rows):\n"
        "        pass\n"
        "\n"
        "    def close(self):\n"
        "        pass\n"
        "\n"
        "    @classmethod\n"
        "    def build(cls):\n"
        "        return cls.fetch_config()\n"
        "\n"
        "    @classmethod\n"
        "    def fetch_config(cls):\n"
        "        ...\n"
        "\n"
        "class CsvMixin:\n"
        "    def write(self, rows):\n"
        "        pass\n"
    ),
    "jobs/orders.py": (
        "import rq\n"
        "from jobs.base import CsvMixin, Exporter\n"
        "\n"
        "class OrderExporter(CsvMixin, Exporter):\n"
        "    def fetch(self):\n"
        "        return []\n"
        "\n"
        "    def close(self):\n"
        "        pass\n"
        "\n"
        "    @classmethod\n"
        "    def fetch_config(cls):\n"
        "        return {}\n"
        "\n"
        "class DailyOrderExporter(OrderExporter):\n"
        "    def fetch(self):\n"
        "        return super().fetch()\n"
        "\n"
        "class StubExporter(Exporter):\n"
        "    def fetch(self):\n"
        "        raise NotImplementedError('not yet')\n"
        "\n"
        "class ManualExporter(Exporter):\n"
        "    def run(self):\n"
        "        pass\n"
        "\n"
        "    def fetch(self):\n"
        "        return []\n"
        "\n"
        "class AuditedExporter(OrderExporter):\n"
        "    def run(self):\n"
        "        super().run()\n"
        "\n"
        "    def write(self, rows):\n"
        "        pass\n"
        "\n"
        "class QueuedExporter(rq.RetryMixin, Exporter):  # a library's mixin first\n"
        "    def fetch(self):\n"
        "        return []\n"
    ),
    "tests/__init__.py": "",
    "tests/test_base.py": (
        "from jobs.base import Exporter\n"
        "\n"
        "class FakeExporter(Exporter):\n"
        "    def fetch(self):\n"
        "        return [1]\n"
    ),
}


def test_a_method_called_on_self_reaches_the_overrides_of_the_subclasses_that_run_it(
    tmp_path: Path,
) -> None:
    calls = _calls(make_tree(tmp_path / "p", OVERRIDES))
    base, orders = "jobs.base:Exporter", "jobs.orders"
    overriding = {pair[1]: found for pair, found in calls.items() if pair[0] == f"{base}.run"}
    # the method by the MRO of the class that calls it, and each subclass's own by its MRO (a
    # mixin's first): not an abstract one, not a test's stand-in, not the method of a subclass
    # that overrides `run` without handing on to it (ManualExporter)
    assert overriding == {
        f"{base}.fetch": ([], [5]),
        f"{orders}:OrderExporter.fetch": (["override"], [5]),
        f"{orders}:DailyOrderExporter.fetch": (["override"], [5]),
        f"{orders}:QueuedExporter.fetch": (["override"], [5]),
        f"{base}.write": ([], [6]),
        "jobs.base:CsvMixin.write": (["override"], [6]),
        f"{orders}:AuditedExporter.write": (["override"], [6]),
        f"{base}.close": ([], [7]),
        f"{orders}:OrderExporter.close": (["override"], [7]),
    }
    assert calls[(f"{base}.build", f"{orders}:OrderExporter.fetch_config")] == (
        ["override"],
        [22],
    )


HANDED_BY_THE_DISPATCHER = {
    "shop/__init__.py": "",
    "shop/models.py": """
        from django.db import models
        from django.dispatch import Signal

        user_deleted = Signal()

        class User(models.Model):
            def archive(self):
                pass

            def remove(self):
                user_deleted.send(sender=self, reason=Reason())

        class Reason:
            def log(self):
                pass

        class Order(models.Model):
            def recount(self):
                pass
    """,
    "shop/receivers.py": """
        from django.db.models.signals import post_save
        from django.dispatch import receiver

        from shop.models import Order, user_deleted

        @receiver(post_save, sender=Order)
        def order_saved(sender, instance, created, **kwargs):
            instance.recount()

        @receiver(post_save)
        def anything_saved(sender, instance, **kwargs):
            instance.recount()

        @receiver(user_deleted)
        def on_user_deleted(sender, reason=None, **kwargs):
            sender.archive()
            reason.log()
    """,
}


def test_a_receiver_s_parameters_hold_what_the_dispatcher_hands_it(tmp_path: Path) -> None:
    """Django calls a receiver with keywords: a `send`'s `sender` and keyword arguments reach
    the parameters of those names; a receiver of a model's `post_save` (or `pre_save`,
    `pre_delete`, `post_delete`) connected for a sender gets that class as `sender` and an
    instance of it as `instance`. One connected for any sender knows neither."""
    calls = _calls(make_tree(tmp_path / "p", HANDED_BY_THE_DISPATCHER))
    assert sorted((c, t) for c, t in calls if c.startswith("shop.receivers")) == [
        ("shop.receivers:on_user_deleted", "shop.models:Reason.log"),
        ("shop.receivers:on_user_deleted", "shop.models:User.archive"),
        ("shop.receivers:order_saved", "shop.models:Order.recount"),
    ]


def test_a_send_on_what_a_shortcut_gives_is_no_signal_and_breaks_nothing(tmp_path: Path) -> None:
    """`get_object_or_404(Invitation, pk=pk).send(request)`: a model's own `send`, on an
    instance a shortcut gives, names no signal (and the link step goes on)."""
    calls = _calls(
        make_tree(
            tmp_path / "p",
            {
                "shop/__init__.py": "",
                "shop/models.py": """
                    from django.db import models

                    class Invitation(models.Model):
                        def send(self, request):
                            pass
                """,
                "shop/views.py": """
                    from django.db.models.signals import post_save
                    from django.dispatch import receiver
                    from django.shortcuts import get_object_or_404

                    from shop.models import Invitation

                    @receiver(post_save)
                    def on_save(sender, **kwargs):
                        pass

                    def resend(request, pk):
                        get_object_or_404(Invitation, pk=pk).send(request)
                """,
            },
        )
    )
    assert calls == {("shop.views:resend", "shop.models:Invitation.send"): ([], [12])}


HANDED_THROUGH_A_PARAMETER = {
    "app/__init__.py": "",
    "app/signals.py": """
        from django.dispatch import Signal, receiver

        archived = Signal()

        class Archive:
            def add(self):
                pass

        def archive_user(user, archive):
            archived.send(sender=None, archive=archive)

        def run():
            archive_user(None, Archive())

        @receiver(archived)
        def on_archived(sender, archive=None, **kwargs):
            archive.add()
    """,
    "app/tests/__init__.py": "",
    "app/tests/test_archive.py": """
        from app.signals import archived

        class FakeArchive:
            def add(self):
                pass

        def test_archived():
            archived.send(sender=None, archive=FakeArchive())
    """,
}


def test_what_a_sender_s_callers_hand_it_reaches_the_receivers_and_tests_stay_apart(
    tmp_path: Path,
) -> None:
    """A send of what the sending function's callers hand it (`archive`) hands that to the
    receivers; a test's send hands its stand-in to no receiver of the application."""
    calls = _calls(make_tree(tmp_path / "p", HANDED_THROUGH_A_PARAMETER))
    assert sorted(t for c, t in calls if c == "app.signals:on_archived") == [
        "app.signals:Archive.add"
    ]
