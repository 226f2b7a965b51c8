"""factory_boy base for fazhi's own tests: records are created through ``env[model].create``.

    class CaseFactory(ModelFactory):
        class Meta:
            model = 'fuyi.case'
        name = factory.Sequence(lambda n: 'Case %04d' % n)

    case = CaseFactory(env=env, agency_id=agency.id)

Addon tests import only ``flectra``, so an addon keeps the same few lines in its own
``tests/factories.py`` (the class below depends on factory_boy alone).
"""
import factory


class ModelFactory(factory.Factory):
    """``Meta.model`` is a model name; ``env=`` says which environment creates the record."""

    class Meta:
        abstract = True

    @classmethod
    def _build(cls, model_class, *args, **kwargs):
        env = kwargs.pop("env", None)
        if env is None:
            raise ValueError("pass env= to build %s records" % model_class)
        return env[model_class].new(kwargs)

    @classmethod
    def _create(cls, model_class, *args, env=None, **kwargs):
        if env is None:
            raise ValueError("pass env= to create %s records" % model_class)
        return env[model_class].create(kwargs)
