"""The deployment files agree with the code: handler, runtime, table key, environment names."""
import json
from pathlib import Path

import yaml

from release_coach.persistence.dynamodb import PARTITION_KEY, TABLE_DEFINITION
from release_coach.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
RESOURCES = json.loads((ROOT / "ask-resources.json").read_text())["profiles"]["default"]


class _CloudFormationLoader(yaml.SafeLoader):
    """Reads !Ref, !GetAtt and !Sub as plain {"Ref": ...} style values."""


for _tag in ("Ref", "GetAtt", "Sub"):
    _CloudFormationLoader.add_constructor(
        f"!{_tag}", lambda loader, node, tag=_tag: {tag: loader.construct_scalar(node)})


def template() -> dict:
    path = ROOT / RESOURCES["skillInfrastructure"]["userConfig"]["templatePath"]
    return yaml.load(path.read_text(), Loader=_CloudFormationLoader)


def test_the_handler_and_code_folder_exist():
    config = RESOURCES["skillInfrastructure"]["userConfig"]
    module, function = config["handler"].split(".")
    code = ROOT / RESOURCES["code"]["default"]["src"]
    assert (code / f"{module}.py").read_text().count(f"def {function}(") == 1
    assert (code / "requirements.txt").exists()
    assert config["runtime"] in ("python3.11", "python3.12", "python3.13")
    assert (ROOT / RESOURCES["skillMetadata"]["src"] / "skill.json").exists()


def test_the_table_is_the_one_the_adapter_reads():
    table = template()["Resources"]["UserTable"]["Properties"]
    assert table["KeySchema"] == TABLE_DEFINITION["KeySchema"]
    assert table["AttributeDefinitions"] == TABLE_DEFINITION["AttributeDefinitions"]
    assert table["BillingMode"] == TABLE_DEFINITION["BillingMode"]
    assert TABLE_DEFINITION["KeySchema"][0]["AttributeName"] == PARTITION_KEY


def test_the_function_environment_selects_dynamodb_in_our_settings():
    resources = template()["Resources"]
    variables = resources["AlexaSkillFunction"]["Properties"]["Environment"]["Variables"]
    # Lambda sets AWS_REGION itself; the rest comes from the template.
    env = {name: "from-template" for name in variables} | {"AWS_REGION": "us-east-1"}
    env["SKILL_PERSISTENCE"] = variables["SKILL_PERSISTENCE"]
    settings = Settings.from_env(env)
    assert settings.persistence == "dynamodb"
    assert settings.dynamodb_table and settings.skill_id and settings.dynamodb_region == "us-east-1"
    actions = resources["AlexaSkillIAMRole"]["Properties"]["Policies"][0]["PolicyDocument"]["Statement"][0]["Action"]
    assert set(actions) == {"dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:DeleteItem"}


# What must outlive the stack: deleting or replacing it must not take every user's record with it.
RETAINED = ("UserTable", "AlexaSkillFunctionLogGroup")


def test_the_table_and_log_group_outlive_the_stack():
    resources = template()["Resources"]
    for name in RETAINED:
        assert resources[name]["DeletionPolicy"] == "Retain", name
        assert resources[name]["UpdateReplacePolicy"] == "Retain", name
    stateful = {name for name, resource in resources.items()
                if resource["Type"] in ("AWS::DynamoDB::Table", "AWS::Logs::LogGroup")}
    assert stateful == set(RETAINED)


def test_cfn_lint_is_clean_including_informational_checks():
    from cfnlint.api import ManualArgs, lint_file

    path = ROOT / RESOURCES["skillInfrastructure"]["userConfig"]["templatePath"]
    matches = lint_file(path, config=ManualArgs(include_checks=["I"]))
    assert [str(match) for match in matches] == []
