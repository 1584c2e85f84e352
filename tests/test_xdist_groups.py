"""The suite's scheduling works: tests marked ``xdist_group`` reach one worker.

pytest 9.2 moved a node's id to ``_id`` while pytest-xdist 3.8's ``--dist loadgroup`` still renames
``_nodeid``: the groups were silently ignored, every worker built the module fixtures meant to be
built once (the demo PDF, the country store) and the suite took longer. The group shows in the
node id (``…@name``) exactly when it took effect.
"""

import pytest

pytestmark = pytest.mark.xdist_group("xdist-check")


def test_a_grouped_test_carries_its_group(request):
    if not getattr(request.config.option, "loadgroup", False):
        pytest.skip("not run by pytest-xdist with --dist loadgroup (e.g. -n 0)")
    assert request.node.nodeid.endswith("@xdist-check"), request.node.nodeid
