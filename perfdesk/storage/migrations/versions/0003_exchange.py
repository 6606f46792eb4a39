"""exchange: keys, trust, package log, quarantine, receipts

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    
    op.create_table('document_outcomes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('doc_id', sa.String(length=36), nullable=False),
    sa.Column('version_id', sa.String(length=36), nullable=False),
    sa.Column('package_id', sa.String(length=36), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('unit_code', sa.String(length=21), nullable=False),
    sa.Column('project_code', sa.String(length=21), nullable=False),
    sa.Column('fiscal_year', sa.Integer(), nullable=False),
    sa.Column('outcome', sa.String(length=16), nullable=False),
    sa.Column('reasons', sa.Text(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_document_outcomes'))
    )
    with op.batch_alter_table('document_outcomes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_document_outcomes_doc_id'), ['doc_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_document_outcomes_fiscal_year'), ['fiscal_year'], unique=False)

    op.create_table('held_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('doc_id', sa.String(length=36), nullable=False),
    sa.Column('version_id', sa.String(length=36), nullable=False),
    sa.Column('package_id', sa.String(length=36), nullable=False),
    sa.Column('current_version_id', sa.String(length=36), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("status IN ('held', 'taken', 'kept')", name=op.f('ck_held_versions_status')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_held_versions'))
    )
    with op.batch_alter_table('held_versions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_held_versions_doc_id'), ['doc_id'], unique=False)

    op.create_table('installation',
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('installation_id', sa.String(length=36), nullable=False),
    sa.Column('unit_code', sa.String(length=21), nullable=False),
    sa.Column('unit_name', sa.String(length=100), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_installation')),
    sa.UniqueConstraint('installation_id', name=op.f('uq_installation_installation_id'))
    )
    op.create_table('own_keys',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key_id', sa.String(length=39), nullable=False),
    sa.Column('algorithm', sa.String(length=16), nullable=False),
    sa.Column('public_key', sa.String(length=64), nullable=False),
    sa.Column('private_key', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('retired_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("status IN ('current', 'retired')", name=op.f('ck_own_keys_status')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_own_keys')),
    sa.UniqueConstraint('key_id', name=op.f('uq_own_keys_key_id'))
    )
    op.create_table('package_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('direction', sa.String(length=8), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('package_id', sa.String(length=36), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('sequence', sa.BigInteger(), nullable=False),
    sa.Column('key_id', sa.String(length=39), nullable=False),
    sa.Column('installation_id', sa.String(length=64), nullable=False),
    sa.Column('fiscal_year', sa.Integer(), nullable=False),
    sa.Column('units', sa.Text(), nullable=False),
    sa.Column('verdict', sa.String(length=16), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('file_name', sa.String(length=255), nullable=False),
    sa.Column('size', sa.BigInteger(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('detail', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_package_log'))
    )
    with op.batch_alter_table('package_log', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_package_log_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_package_log_package_id'), ['package_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_package_log_sha256'), ['sha256'], unique=False)

    op.create_table('package_sequences',
    sa.Column('installation_id', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('sequence', sa.BigInteger(), nullable=False),
    sa.Column('package_id', sa.String(length=36), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('key_id', sa.String(length=39), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('installation_id', 'kind', name=op.f('pk_package_sequences'))
    )
    op.create_table('quarantine',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('key_id', sa.String(length=39), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('file_name', sa.String(length=255), nullable=False),
    sa.Column('path', sa.String(length=255), nullable=False),
    sa.Column('size', sa.BigInteger(), nullable=False),
    sa.Column('unit_code', sa.String(length=21), nullable=False),
    sa.Column('unit_name', sa.String(length=100), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("status IN ('held', 'released', 'discarded')", name=op.f('ck_quarantine_status')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_quarantine')),
    sa.UniqueConstraint('sha256', name=op.f('uq_quarantine_sha256'))
    )
    with op.batch_alter_table('quarantine', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_quarantine_key_id'), ['key_id'], unique=False)

    op.create_table('receipt_lines',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('receipt_id', sa.String(length=36), nullable=False),
    sa.Column('doc_id', sa.String(length=36), nullable=False),
    sa.Column('version_id', sa.String(length=36), nullable=False),
    sa.Column('outcome', sa.String(length=16), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('reasons', sa.Text(), nullable=False),
    sa.Column('review', sa.Text(), nullable=False),
    sa.Column('applied', sa.String(length=16), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_receipt_lines'))
    )
    with op.batch_alter_table('receipt_lines', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_receipt_lines_doc_id'), ['doc_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_receipt_lines_receipt_id'), ['receipt_id'], unique=False)

    op.create_table('task_records',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('package_id', sa.String(length=36), nullable=False),
    sa.Column('fiscal_year', sa.Integer(), nullable=False),
    sa.Column('county_code', sa.String(length=12), nullable=False),
    sa.Column('county_name', sa.String(length=100), nullable=False),
    sa.Column('key_id', sa.String(length=39), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('deadlines', sa.Text(), nullable=False),
    sa.Column('profile_name', sa.String(length=100), nullable=False),
    sa.Column('profile_content', sa.Text(), nullable=False),
    sa.Column('revoked_keys', sa.Text(), nullable=False),
    sa.Column('imported_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_task_records')),
    sa.UniqueConstraint('package_id', name=op.f('uq_task_records_package_id'))
    )
    with op.batch_alter_table('task_records', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_task_records_fiscal_year'), ['fiscal_year'], unique=False)

    op.create_table('trusted_keys',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key_id', sa.String(length=39), nullable=False),
    sa.Column('algorithm', sa.String(length=16), nullable=False),
    sa.Column('public_key', sa.String(length=64), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('unit_code', sa.String(length=21), nullable=False),
    sa.Column('unit_name', sa.String(length=100), nullable=False),
    sa.Column('preparer', sa.String(length=50), nullable=False),
    sa.Column('installation_id', sa.String(length=64), nullable=False),
    sa.Column('enrolled_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('reason', sa.String(length=200), nullable=False),
    sa.Column('replaced_by', sa.String(length=39), nullable=False),
    sa.CheckConstraint("role IN ('township', 'county')", name=op.f('ck_trusted_keys_role')),
    sa.CheckConstraint("status IN ('enrolled', 'revoked', 'pinned', 'rotated')", name=op.f('ck_trusted_keys_status')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_trusted_keys')),
    sa.UniqueConstraint('key_id', name=op.f('uq_trusted_keys_key_id'))
    )
    with op.batch_alter_table('trusted_keys', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_trusted_keys_unit_code'), ['unit_code'], unique=False)

    


def downgrade() -> None:
    
    with op.batch_alter_table('trusted_keys', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_trusted_keys_unit_code'))

    op.drop_table('trusted_keys')
    with op.batch_alter_table('task_records', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_task_records_fiscal_year'))

    op.drop_table('task_records')
    with op.batch_alter_table('receipt_lines', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_receipt_lines_receipt_id'))
        batch_op.drop_index(batch_op.f('ix_receipt_lines_doc_id'))

    op.drop_table('receipt_lines')
    with op.batch_alter_table('quarantine', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_quarantine_key_id'))

    op.drop_table('quarantine')
    op.drop_table('package_sequences')
    with op.batch_alter_table('package_log', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_package_log_sha256'))
        batch_op.drop_index(batch_op.f('ix_package_log_package_id'))
        batch_op.drop_index(batch_op.f('ix_package_log_at'))

    op.drop_table('package_log')
    op.drop_table('own_keys')
    op.drop_table('installation')
    with op.batch_alter_table('held_versions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_held_versions_doc_id'))

    op.drop_table('held_versions')
    with op.batch_alter_table('document_outcomes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_document_outcomes_fiscal_year'))
        batch_op.drop_index(batch_op.f('ix_document_outcomes_doc_id'))

    op.drop_table('document_outcomes')
    
