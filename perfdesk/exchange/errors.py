"""Why a package is refused: one exception with a stable code, and the table of every code.

Each code belongs to one step of EXCHANGE.md §3 (``pkg.*`` the container, ``env.*`` the envelope,
``key.*``/``sig.*`` trust and signature, ``manifest.*``/``file.*`` the manifest and the files it
lists, ``doc.*``/``content.*`` the contents). The table is the one list that the format page,
``perfdesk verify --json`` and the tests use; a code never changes its meaning once released.
"""

from __future__ import annotations

from typing import Final


class PackageError(Exception):
    """A package that must not be used. ``code`` is stable; the message is one Chinese sentence
    that names the file and says what is wrong; ``file`` is the entry concerned, if any."""

    def __init__(self, code: str, message: str, file: str = "", key_id: str = "") -> None:
        super().__init__(message)
        self.code = code
        self.file = file
        self.key_id = key_id

    @property
    def step(self) -> int:
        """The step of the verification order (EXCHANGE.md §3) that refused the package."""
        return CODES[self.code][0] if self.code in CODES else 0

    def to_json(self) -> dict[str, object]:
        out: dict[str, object] = {
            "code": self.code,
            "step": self.step,
            "file": self.file,
            "message": str(self),
        }
        if self.key_id:
            out["key_id"] = self.key_id
        return out


CODES: Final[dict[str, tuple[int, str]]] = {
    # step 1: the container
    "pkg.unreadable": (1, "文件无法读取（不存在、是文件夹或没有读取权限）"),
    "pkg.not_zip": (1, "不是 ZIP 格式的交换包"),
    "pkg.truncated": (1, "ZIP 文件不完整（复制中断或 U 盘损坏）"),
    "pkg.corrupt": (1, "ZIP 结构或其中某个文件的数据已损坏（校验码不符）"),
    "pkg.too_many": (1, "条目数超过上限"),
    "pkg.too_large": (1, "声明的解压后总大小超过上限"),
    "pkg.ratio": (1, "某个条目的压缩比超过上限（疑似压缩炸弹）"),
    "pkg.method": (1, "某个条目使用了不支持的压缩方式"),
    "pkg.bad_name": (1, "条目名称不安全（绝对路径、含 ..、反斜杠、控制字符或是文件夹）"),
    "pkg.duplicate": (1, "条目名称重复"),
    "pkg.symlink": (1, "条目是符号链接"),
    "pkg.encrypted": (1, "条目已加密"),
    # step 2: the envelope
    "env.missing": (2, "缺少 envelope.json"),
    "env.too_large": (2, "envelope.json 超过 1 MiB"),
    "env.not_json": (2, "envelope.json 不是有效的 JSON"),
    "env.bad_format": (2, "envelope.json 的字段不符合格式"),
    "env.wrong_type": (2, "交换包的种类不是所需的种类"),
    "env.version": (2, "交换包的格式版本不受支持"),
    # step 3: trust and signature
    "key.unknown": (3, "签名密钥未登记（待确认）"),
    "key.revoked": (3, "签名密钥已吊销"),
    "key.wrong_kind": (3, "签名密钥无权签发这种交换包"),
    "sig.invalid": (3, "签名验证失败（内容被改动或签名密钥不符）"),
    # step 4: the manifest and the files it lists
    "manifest.not_json": (4, "清单不是有效的 JSON 对象"),
    "manifest.bad_field": (4, "清单的某个字段缺失或格式不对"),
    "manifest.wrong_format": (4, "清单的 format 与信封的类型不一致"),
    "manifest.version": (4, "清单的格式版本不受支持"),
    "manifest.scope": (4, "清单的范围超出签名密钥所属单位，或文档不在范围内"),
    "manifest.bad_path": (4, "清单列出的路径不符合规定"),
    "manifest.duplicate": (4, "清单重复列出同一路径或同一文档"),
    "manifest.document": (4, "清单的文档列表与文件列表不一致"),
    "task.expired": (4, "任务包已过期，需要县级重新下发"),
    "file.missing": (4, "清单列出的文件在包中不存在"),
    "file.unlisted": (4, "包中有清单未列出的条目"),
    "file.size": (4, "文件大小与清单不符"),
    "file.digest": (4, "文件的 SHA-256 与清单不符（被改动或损坏）"),
    # step 5: the contents
    "doc.invalid": (5, "文档不是有效的表单文档"),
    "doc.mismatch": (5, "文档内容与清单登记的信息不一致"),
    "content.invalid": (5, "任务或回执内容不符合格式"),
    # the key enrolment file (.pdkey), read outside the package order
    "keyfile.unreadable": (0, "密钥登记文件无法读取"),
    "keyfile.invalid": (0, "不是有效的密钥登记文件"),
    "keyfile.signature": (0, "密钥登记文件的自签名不对（文件被改动）"),
}


def describe(code: str) -> str:
    """The table's Chinese description of ``code`` (the code itself when unknown)."""
    return CODES[code][1] if code in CODES else code
