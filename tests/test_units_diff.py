"""Responsible units: renames through the alias table, gained and lost tasks per department."""
from __future__ import annotations

from pathlib import Path

from versiondiff import compare
from versiondiff.units_diff import canonical_unit, units_diff

DATA = Path(__file__).resolve().parent / "data"


def test_the_2018_reform_rename_is_a_rename_not_a_loss_and_a_gain():
    diff = units_diff(compare("gansu-ai-plan@2018", "gansu-ai-plan@2026"))
    assert ("省工信委", "省工信厅") in diff.renames and ("省农牧厅", "省农业农村厅") in diff.renames
    [miit] = [d for d in diff.departments if d.unit == "省工业和信息化厅"]
    assert miit.renamed and miit.old_names == ("省工信委",) and miit.new_names == ("省工信厅",)
    assert miit.kept  # tasks it holds in both plans count as kept, under the new name
    names = {d.unit for d in diff.departments}
    assert "省工信委" not in names and "省工信厅" not in names  # one department, not two
    paired = [t for t in diff.tasks if t.old_label and t.new_label]
    renamed = [c for t in paired for c in t.changes if c.kind == "renamed"]
    assert any((c.old_name, c.new_name) == ("省工信委", "省工信厅") for c in renamed)
    assert not diff.roles_compared  # the 2026 plan marks no lead units: no role changes reported


def test_a_real_change_of_responsibility_is_gained_and_lost():
    diff = units_diff(compare(str(DATA / "smart_agri_old.txt"), str(DATA / "smart_agri_new.txt")))
    [task] = [t for t in diff.tasks if t.old_label and t.new_label]
    kinds = {c.unit: c.kind for c in task.changes}
    assert kinds == {"市农业农村局": "kept", "市数据局": "gained", "市大数据局": "lost"}


def test_standing_note_gives_every_later_task_its_units():
    diff = units_diff(compare("gansu-ai-plan@2018", "gansu-ai-plan@2026"))
    [lz] = [d for d in diff.departments if d.unit == "兰州新区管委会"]
    assert len(lz.gained) > 20  # 以下任务均需各市州政府、兰州新区管委会落实，不再一一列出


def test_canonical_unit():
    assert canonical_unit("省工信委") == canonical_unit("省工信厅") == "省工业和信息化厅"
    assert canonical_unit("科技厅") == "省科技厅" and canonical_unit("省委网信办") == "省委网信办"
