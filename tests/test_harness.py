"""The test harness itself: import names, addon test modules, clock, standard xml ids."""
import os
import subprocess
import sys
import textwrap

import pytest


def test_addon_test_modules_are_imported_once_under_their_flectra_name():
    """odoo.addons.x and flectra.addons.x are one module; no second copy under another name."""
    import importlib
    flectra_mod = importlib.import_module('flectra.addons.test_orm_a.tests.test_order')
    odoo_mod = importlib.import_module('odoo.addons.test_orm_a.tests.test_order')
    assert flectra_mod is odoo_mod
    assert not [name for name in sys.modules if name.endswith('test_orm_a.tests.test_order')
                and not name.startswith(('flectra.addons.', 'odoo.addons.'))]


def test_no_flectra_package_is_installed():
    """`flectra` exists only as names fazhi registers at start-up."""
    proc = subprocess.run([sys.executable, '-c', 'import flectra'], capture_output=True, text=True)
    assert proc.returncode != 0 and 'No module named' in proc.stderr
    proc = subprocess.run([sys.executable, '-c', 'import fazhi, flectra; print(flectra.SUPERUSER_ID)'],
                          capture_output=True, text=True)
    assert proc.stdout.strip() == '1'


def test_clock_offset_reaches_subprocesses(tmp_path):
    """set_offset() writes FAZHI_CLOCK_FILE, which a served subprocess follows."""
    from fazhi.tools import clock
    clock_file = tmp_path / 'clock'
    env = dict(os.environ, FAZHI_CLOCK_FILE=str(clock_file))
    code = textwrap.dedent("""
        import datetime
        from fazhi.tools import clock
        print(round((clock.now() - datetime.datetime.utcnow()).total_seconds() / 3600))
    """)
    old = os.environ.get('FAZHI_CLOCK_FILE')
    os.environ['FAZHI_CLOCK_FILE'] = str(clock_file)
    try:
        clock.set_offset(30 * 24 * 3600)
        out = subprocess.run([sys.executable, '-c', code], capture_output=True, text=True, env=env)
        assert out.stdout.strip() == str(30 * 24)
    finally:
        clock.reset()
        if old is None:
            del os.environ['FAZHI_CLOCK_FILE']
        else:
            os.environ['FAZHI_CLOCK_FILE'] = old


@pytest.mark.parametrize('xmlid', [
    'base.group_user', 'base.group_system', 'base.group_erp_manager', 'base.group_no_one',
    'base.group_portal', 'base.group_public', 'base.user_admin', 'base.user_root', 'base.public_user',
    'base.main_company', 'base.main_partner', 'base.partner_root', 'base.partner_admin',
    'base.lang_zh_CN', 'base.lang_en',
])
def test_standard_xml_ids_exist(env, xmlid):
    assert env.ref(xmlid)


def test_superuser_and_admin_ids(env):
    assert env.ref('base.user_root').id == 1
    assert env.ref('base.user_admin').id == 2
    assert not env.ref('base.user_root').active


def test_factory_creates_through_the_orm(env):
    from fazhi.testing.factories import ModelFactory

    class PartnerFactory(ModelFactory):
        class Meta:
            model = 'res.partner'
        name = 'Factory partner'

    partner = PartnerFactory(env=env, email='f@example.cn')
    assert partner._name == 'res.partner' and partner.id and partner.email == 'f@example.cn'
    built = PartnerFactory.build(env=env)
    assert not built.id and built.name == 'Factory partner'


def test_assert_raises_works_without_a_database():
    """BaseCase (no env) can use assertRaises like any unittest case."""
    from flectra.tests import BaseCase

    class Pure(BaseCase):
        def runTest(self):
            with self.assertRaises(ValueError):
                int("x")
    result = Pure().run()
    assert result.wasSuccessful()
